using System.Diagnostics;
using System.Diagnostics.Metrics;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Webhooks;
using Microsoft.Extensions.Options;

namespace Codemate.Diagnostics;

/// <summary>
/// Codemate's counters and histograms (the gauges are <see cref="SessionGauges"/>). Repository names are labels only
/// when <see cref="CodemateOptions.MetricsRepositoryLabels"/> says so: a private repository's name is a secret to some
/// teams, and metrics often travel further than logs.
/// </summary>
internal sealed class CodemateMetrics
{
    // Read at the first measurement, not when the metrics are made: options are validated when the host starts.
    private readonly Lazy<bool> _repositoryLabels;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _textDelivered;
    private readonly Counter<long> _gitFailures;
    private readonly Counter<long> _gitHubFailures;
    private readonly Counter<long> _workFailures;
    private readonly Counter<long> _workParked;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;

    public CodemateMetrics(IMeterFactory meters, IOptions<CodemateOptions> options)
    {
        _repositoryLabels = new(() => options.Value.MetricsRepositoryLabels);
        Meter = meters.Create(CodemateTelemetry.MeterName);
        _deliveries = Meter.CreateCounter<long>("codemate.webhook.deliveries", "{delivery}", "Webhook deliveries answered, by event and outcome.");
        _textDelivered = Meter.CreateCounter<long>("codemate.agent.text.delivered", "{message}", "Prompts and comments pasted into agents.");
        _gitFailures = Meter.CreateCounter<long>("codemate.git.failures", "{failure}", "git commands that failed, by command and kind (exit_code, timeout, not_started).");
        _gitHubFailures = Meter.CreateCounter<long>("codemate.github.failures", "{failure}", "GitHub API calls that failed after retries, by kind (the HTTP status, timeout or network).");
        _workFailures = Meter.CreateCounter<long>("codemate.work.failures", "{work}", "Attempts at accepted work whose handler failed; the work is tried again after a back-off, then parked.");
        _workParked = Meter.CreateCounter<long>("codemate.work.dead_lettered", "{work}", "Accepted work parked in the dead-letter table after every attempt failed, by work type.");
        _tokens = Meter.CreateCounter<long>("codemate.agent.tokens", "{token}", "Model tokens agents used, by type (input, output, cache_creation, cache_read) and model.");
        _cost = Meter.CreateCounter<double>("codemate.agent.cost.usd", null, "Estimated cost of agents' model use in US dollars, by model, from the price table.");
        WorkspacePrepareDuration = Meter.CreateHistogram<double>("codemate.workspace.prepare.duration", "s", "Time to prepare an issue's workspace (mirror, checkout, branch).");
        PullRequestOpenDuration = Meter.CreateHistogram<double>("codemate.pull_request.open.duration", "s", "Time to push the branch and open (or find) the draft pull request.");
        AgentStartDuration = Meter.CreateHistogram<double>("codemate.agent.start.duration", "s", "Time to start an agent's tmux session.");
    }

    /// <summary>Metrics of their own meter, for parts made outside dependency injection.</summary>
    public static CodemateMetrics Standalone(CodemateOptions? options = null) =>
        new(new StandaloneMeterFactory(), Options.Create(options ?? new CodemateOptions()));

    /// <summary>The meter every instrument belongs to; <see cref="SessionGauges"/> adds its gauges to it.</summary>
    public Meter Meter { get; }

    public Histogram<double> WorkspacePrepareDuration { get; }

    public Histogram<double> PullRequestOpenDuration { get; }

    public Histogram<double> AgentStartDuration { get; }

    /// <summary>
    /// A delivery was answered. <paramref name="event"/> is a label only once the signature proved it came from GitHub
    /// (<see langword="null"/> before): unauthenticated senders must not be able to mint label values.
    /// </summary>
    public void DeliveryAnswered(string? @event, WebhookOutcome outcome, RepositoryName? repository)
    {
        var tags = new TagList
        {
            { TelemetryTags.Event, @event ?? "unknown" },
            { TelemetryTags.Outcome, OutcomeLabel(outcome) },
        };
        AddRepository(ref tags, repository);
        _deliveries.Add(1, tags);
    }

    public void TextDelivered(IssueKey issue)
    {
        var tags = new TagList();
        AddRepository(ref tags, issue.Repository);
        _textDelivered.Add(1, tags);
    }

    public void GitFailed(string command, string kind) =>
        _gitFailures.Add(1, new TagList { { TelemetryTags.Command, command }, { TelemetryTags.Kind, kind } });

    public void GitHubFailed(string kind) => _gitHubFailures.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Kind, kind));

    public void WorkFailed(string work) => _workFailures.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Work, work));

    public void WorkParked(string work) => _workParked.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Work, work));

    /// <summary>Adds tokens an agent used since the last report, and their estimated cost when the model has a price.</summary>
    public void TokensUsed(IssueKey issue, string model, Usage.TokenCounts tokens, decimal? cost)
    {
        Add(issue, model, "input", tokens.InputTokens);
        Add(issue, model, "output", tokens.OutputTokens);
        Add(issue, model, "cache_creation", tokens.CacheCreationInputTokens);
        Add(issue, model, "cache_read", tokens.CacheReadInputTokens);
        if (cost is > 0)
        {
            var tags = new TagList { { TelemetryTags.Model, model } };
            AddRepository(ref tags, issue.Repository);
            _cost.Add((double)cost.Value, tags);
        }
    }

    /// <summary>Tags for a histogram measurement about <paramref name="issue"/>.</summary>
    public TagList IssueTags(IssueKey issue)
    {
        var tags = new TagList();
        AddRepository(ref tags, issue.Repository);
        return tags;
    }

    private void Add(IssueKey issue, string model, string type, long count)
    {
        if (count <= 0)
        {
            return;
        }

        var tags = new TagList { { TelemetryTags.TokenType, type }, { TelemetryTags.Model, model } };
        AddRepository(ref tags, issue.Repository);
        _tokens.Add(count, tags);
    }

    private void AddRepository(ref TagList tags, RepositoryName? repository)
    {
        if (repository is { } name && _repositoryLabels.Value)
        {
            tags.Add(TelemetryTags.Repository, name.FullName);
        }
    }

    internal static string OutcomeLabel(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.BadRequest => "bad_request",
        WebhookOutcome.UnsupportedMediaType => "unsupported_media_type",
        WebhookOutcome.PayloadTooLarge => "too_large",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
