using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Codemate.Configuration;

namespace Codemate.GitHub;

/// <summary>Reads the GitHub App's private key (PKCS#1 or PKCS#8 PEM) from the file or the inline variable.</summary>
internal static class GitHubAppKey
{
    /// <summary>Loads the key; on failure <paramref name="error"/> names the variable and never quotes the key.</summary>
    public static bool TryLoad(GitHubOptions options, [NotNullWhen(true)] out RSA? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        string pem;
        string variable;
        if (!string.IsNullOrWhiteSpace(options.AppPrivateKeyFile))
        {
            variable = EnvironmentVariables.GitHubAppPrivateKeyFile;
            var path = options.AppPrivateKeyFile;
            if (!File.Exists(path))
            {
                error = $"{variable} names '{path}', which does not exist.";
                return false;
            }

            try
            {
                pem = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                error = $"{variable} names '{path}', which cannot be read: {exception.Message}";
                return false;
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.AppPrivateKey))
        {
            variable = EnvironmentVariables.GitHubAppPrivateKey;
            pem = options.AppPrivateKey.Replace("\\n", "\n", StringComparison.Ordinal);
        }
        else
        {
            error = $"{EnvironmentVariables.GitHubAppId} is set but the App's private key is not: set {EnvironmentVariables.GitHubAppPrivateKeyFile} to the .pem file, or {EnvironmentVariables.GitHubAppPrivateKey} to its contents.";
            return false;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            error = $"{variable} does not hold a PEM RSA private key (PKCS#1 'BEGIN RSA PRIVATE KEY' or PKCS#8 'BEGIN PRIVATE KEY').";
            return false;
        }

        key = rsa;
        error = null;
        return true;
    }
}
