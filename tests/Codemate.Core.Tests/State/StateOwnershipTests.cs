using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.State;

public sealed class StateOwnershipTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string DatabasePath => _root.Combine("state", "codemate.db");

    [Fact]
    public void A_second_owner_of_the_same_database_is_refused_naming_the_file_and_the_first_owner()
    {
        using var first = Ownership();
        first.Acquire();
        first.Advertise(new Uri("http://127.0.0.1:8080/webhook"));
        using var second = Ownership();

        var refusal = Assert.Throws<StateDatabaseInUseException>(second.Acquire);

        Assert.Contains(DatabasePath, refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"(pid {Environment.ProcessId})", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(new StateOwner(Environment.ProcessId, new Uri("http://127.0.0.1:8080/webhook")), refusal.Owner);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_database_can_be_owned_again_once_its_owner_let_go()
    {
        using (var first = Ownership())
        {
            first.Acquire();
        }

        using var second = Ownership();
        second.Acquire();

        Assert.Equal(new StateOwner(Environment.ProcessId, null), second.ReadOwner());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabasePath + ".lock"));
    }

    private StateOwnership Ownership() =>
        new(Options.Create(new CodemateOptions { StatePath = DatabasePath, WorkspacesRoot = _root.Path }), NullLogger<StateOwnership>.Instance);
}
