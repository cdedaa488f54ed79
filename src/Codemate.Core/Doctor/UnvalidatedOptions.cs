using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Doctor;

/// <summary>
/// Options as configured but not validated: each check reports its own problem, where options validation would fail
/// every check for one missing value.
/// </summary>
internal static class UnvalidatedOptions
{
    public static T Get<T>(IServiceProvider services)
        where T : class, new()
    {
        var options = new T();
        foreach (var configure in services.GetServices<IConfigureOptions<T>>())
        {
            configure.Configure(options);
        }

        return options;
    }
}
