using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Extensions.Logging;
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

    [Fact]
    public void Another_process_looking_for_the_owner_finds_where_it_takes_webhooks_and_leaves_it_the_lock()
    {
        using var owner = Ownership();
        owner.Acquire();
        owner.Advertise(new Uri("http://127.0.0.1:8080/webhook"));
        using var looking = Ownership();

        var found = looking.FindOtherOwner();

        Assert.Equal(new StateOwner(Environment.ProcessId, new Uri("http://127.0.0.1:8080/webhook")), found);
        Assert.Throws<StateDatabaseInUseException>(looking.Acquire);
    }

    [Fact]
    public void A_start_that_meets_a_process_looking_for_the_owner_still_becomes_the_owner()
    {
        using (var earlier = Ownership())
        {
            earlier.Acquire();
        }

        // What FindOtherOwner does in another process: the lock taken for an instant, here until the start has found it
        // taken once and said it will try again.
        var looking = new FileStream(DatabasePath + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var retried = 0;
        using var starting = Ownership(new RetryObserver(() =>
        {
            retried++;
            looking.Dispose();
        }));

        starting.Acquire();

        Assert.Equal(1, retried);
        Assert.Equal(new StateOwner(Environment.ProcessId, null), starting.ReadOwner());
    }

    [Fact]
    public void Looking_for_the_owner_of_a_database_nobody_holds_finds_none_and_takes_no_lock()
    {
        using (var earlier = Ownership())
        {
            earlier.Acquire();
        }

        using var looking = Ownership();

        Assert.Null(looking.FindOtherOwner());
        using var next = Ownership();
        next.Acquire();
    }

    [Fact]
    public void Looking_for_the_owner_before_any_process_opened_the_database_finds_none()
    {
        using var looking = Ownership();

        Assert.Null(looking.FindOtherOwner());
        Assert.False(File.Exists(DatabasePath + ".lock"));
    }

    private StateOwnership Ownership(ILogger<StateOwnership>? logger = null) =>
        new(Options.Create(new CodemateOptions { StatePath = DatabasePath, WorkspacesRoot = _root.Path }), logger ?? NullLogger<StateOwnership>.Instance);

    /// <summary>Calls <paramref name="onRetry"/> when Acquire says the lock was taken and it will try again (event 1521).</summary>
    private sealed class RetryObserver(Action onRetry) : ILogger<StateOwnership>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1521)
            {
                onRetry();
            }
        }
    }
}
