using System.Text;
using Codemate.Webhooks;

namespace Codemate.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // GitHub's documented test vector.
    private const string Secret = "It's a Secret to Everybody";
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("Hello, World!");
    private const string Expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void Sign_GitHubTestVector_ProducesDocumentedSignature() =>
        Assert.Equal(Expected, WebhookSignature.Sign(Secret, Payload));

    [Fact]
    public void Verify_GitHubTestVector_IsValid() =>
        Assert.Equal(SignatureVerification.Valid, WebhookSignature.Verify(Secret, Payload, Expected));

    [Fact]
    public void Verify_UppercaseHex_IsValid() =>
        Assert.Equal(SignatureVerification.Valid, WebhookSignature.Verify(Secret, Payload, "sha256=" + Expected[7..].ToUpperInvariant()));

    [Fact]
    public void Verify_WrongSecret_IsMismatch() =>
        Assert.Equal(SignatureVerification.Mismatch, WebhookSignature.Verify("It's a Secret to Nobody", Payload, Expected));

    [Fact]
    public void Verify_TamperedBody_IsMismatch() =>
        Assert.Equal(SignatureVerification.Mismatch, WebhookSignature.Verify(Secret, Encoding.UTF8.GetBytes("Hello, World?"), Expected));

    [Theory]
    [InlineData(null, nameof(SignatureVerification.Missing))]
    [InlineData("", nameof(SignatureVerification.Missing))]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", nameof(SignatureVerification.Malformed))]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", nameof(SignatureVerification.Malformed))]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", nameof(SignatureVerification.Malformed))]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", nameof(SignatureVerification.Malformed))]
    [InlineData("sha256=", nameof(SignatureVerification.Malformed))]
    public void Verify_MissingOrMalformedHeader_SaysWhich(string? header, string expected) =>
        Assert.Equal(Enum.Parse<SignatureVerification>(expected), WebhookSignature.Verify(Secret, Payload, header));
}
