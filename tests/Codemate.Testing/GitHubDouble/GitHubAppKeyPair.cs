using System.Security.Cryptography;

namespace Codemate.Testing.GitHubDouble;

/// <summary>A fresh RSA key pair for a test GitHub App: the private key in both PEM forms GitHub hands out, the public key for the double.</summary>
public sealed class GitHubAppKeyPair
{
    private GitHubAppKeyPair(string pkcs1, string pkcs8, string publicKey)
    {
        Pkcs1PrivateKeyPem = pkcs1;
        Pkcs8PrivateKeyPem = pkcs8;
        PublicKeyPem = publicKey;
    }

    /// <summary><c>-----BEGIN RSA PRIVATE KEY-----</c>, what GitHub's App settings download.</summary>
    public string Pkcs1PrivateKeyPem { get; }

    /// <summary><c>-----BEGIN PRIVATE KEY-----</c>, what <c>openssl pkcs8 -topk8</c> produces.</summary>
    public string Pkcs8PrivateKeyPem { get; }

    /// <summary><c>-----BEGIN PUBLIC KEY-----</c>, given to <see cref="GitHubDouble.ConfigureApp"/>.</summary>
    public string PublicKeyPem { get; }

    /// <summary>The PKCS#1 key on one line with literal <c>\n</c> escapes, as secret managers often store it.</summary>
    public string Pkcs1PrivateKeyEscaped => Pkcs1PrivateKeyPem.Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Generates a 2048-bit key pair.</summary>
    public static GitHubAppKeyPair Generate()
    {
        using var rsa = RSA.Create(2048);
        return new GitHubAppKeyPair(rsa.ExportRSAPrivateKeyPem(), rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }
}
