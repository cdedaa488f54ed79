using Codemate.Hosting;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemate.DependencyInjection;

/// <summary>Returned by <c>AddCodemate</c>; swaps the parts users customise.</summary>
public sealed class CodemateBuilder
{
    internal CodemateBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection Codemate was added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Replaces what is done with accepted events.</summary>
    public CodemateBuilder UseIssueHandler<THandler>()
        where THandler : class, IIssueHandler
    {
        Services.Replace(ServiceDescriptor.Scoped<IIssueHandler, THandler>());
        return this;
    }

    /// <summary>Replaces the SQLite state store.</summary>
    public CodemateBuilder UseStateStore<TStore>()
        where TStore : class, IStateStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IStateStore, TStore>());
        return this;
    }

    /// <summary>Replaces the policy that decides who may drive the agent.</summary>
    public CodemateBuilder UseTriggerPolicy<TPolicy>()
        where TPolicy : class, ITriggerPolicy
    {
        Services.Replace(ServiceDescriptor.Singleton<ITriggerPolicy, TPolicy>());
        return this;
    }

    /// <summary>Replaces the agent profile that <c>CODEMATE_AGENT</c> selects (Claude Code or a command).</summary>
    public CodemateBuilder UseAgentProfile<TProfile>()
        where TProfile : class, IAgentProfile
    {
        Services.Replace(ServiceDescriptor.Singleton<IAgentProfile, TProfile>());
        return this;
    }
}
