using System.Diagnostics;
using Codemate.Sessions;
using Codemate.Testing;

namespace Codemate.Core.Tests.Sessions;

/// <summary>The status file is the agent's to write, so the server reads it as a hostile agent could leave it.</summary>
public sealed class StatusFileTests : IDisposable
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _temp = new("cm-status-file");

    [Theory]
    [InlineData("idle", AgentStatus.Idle)]
    [InlineData("busy\n", AgentStatus.Busy)]
    [InlineData(" error \r\n", AgentStatus.Failed)]
    [InlineData("", AgentStatus.Unknown)]
    public void A_word_the_agent_wrote_reads_as_its_status(string text, AgentStatus expected)
    {
        var path = _temp.Combine("s.status");
        File.WriteAllText(path, text);

        Assert.Equal(expected, StatusFile.Read(path, out var read));
        Assert.Equal(AgentFileRead.Read, read);
    }

    [Fact]
    public void A_missing_status_file_reads_as_unknown()
    {
        Assert.Equal(AgentStatus.Unknown, StatusFile.Read(_temp.Combine("none.status"), out var read));
        Assert.Equal(AgentFileRead.Missing, read);
    }

    [Fact]
    public async Task A_status_file_replaced_by_a_link_to_dev_zero_reads_as_unknown_quickly_and_without_filling_memory()
    {
        var path = _temp.Combine("s.status");
        File.CreateSymbolicLink(path, "/dev/zero");

        var (status, read, allocated) = await Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var status = StatusFile.Read(path, out var read);
            return (status, read, GC.GetAllocatedBytesForCurrentThread() - before);
        }).WaitAsync(Quickly);

        Assert.Equal(AgentStatus.Unknown, status);
        Assert.Equal(AgentFileRead.NotRegular, read);
        Assert.True(allocated < 64 * 1024, $"reading the link allocated {allocated} bytes");
    }

    [Fact]
    public void A_status_file_replaced_by_a_link_to_a_file_saying_idle_is_not_followed()
    {
        var target = _temp.Combine("elsewhere");
        File.WriteAllText(target, "idle");
        var path = _temp.Combine("s.status");
        File.CreateSymbolicLink(path, target);

        Assert.Equal(AgentStatus.Unknown, StatusFile.Read(path, out var read));
        Assert.Equal(AgentFileRead.NotRegular, read);
        Assert.Null(AgentFile.LastWriteTimeUtc(path));
    }

    [Fact]
    public async Task A_status_file_replaced_by_a_fifo_reads_as_unknown_without_blocking()
    {
        var path = _temp.Combine("s.status");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var status = await Task.Run(() => StatusFile.Read(path, out _)).WaitAsync(Quickly);

        Assert.Equal(AgentStatus.Unknown, status);
    }

    [Fact]
    public void A_ten_megabyte_status_file_reads_as_unknown_after_a_few_bytes()
    {
        var path = _temp.Combine("s.status");
        using (var stream = File.Create(path))
        {
            stream.Write("idle"u8);
            stream.SetLength(10 * 1024 * 1024);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var status = StatusFile.Read(path, out var read);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(AgentStatus.Unknown, status);
        Assert.Equal(AgentFileRead.TooLarge, read);
        Assert.True(allocated < 64 * 1024, $"reading the file allocated {allocated} bytes");
    }

    [Fact]
    public void A_regular_status_file_has_a_write_time_and_a_directory_has_none()
    {
        var path = _temp.Combine("s.status");
        StatusFile.Write(path, StatusFile.Idle);

        Assert.NotNull(AgentFile.LastWriteTimeUtc(path));
        Assert.Null(AgentFile.LastWriteTimeUtc(_temp.Path));
    }

    [Fact]
    public void A_status_file_and_directory_codemate_creates_are_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = _temp.Combine("a", "b", "s.status");
        StatusFile.Write(path, StatusFile.Busy);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_temp.Combine("a", "b")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_temp.Combine("a")));
    }

    public void Dispose() => _temp.Dispose();
}
