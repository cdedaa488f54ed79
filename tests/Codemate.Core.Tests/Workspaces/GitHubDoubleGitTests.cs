using System.Net;
using System.Net.Http.Headers;
using Codemate.Testing;
using Codemate.Testing.GitHubDouble;

namespace Codemate.Core.Tests.Workspaces;

public sealed class GitHubDoubleGitTests
{
    [Fact]
    public async Task Git_requests_without_an_accepted_token_get_401_with_a_basic_challenge()
    {
        using var temp = new TempDirectory();
        await using var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        await github.CreateRepositoryAsync("octo", "widgets");
        github.AcceptGitToken("good");
        using var client = new HttpClient { BaseAddress = github.ServerUrl };

        using var anonymous = await client.GetAsync("octo/widgets.git/info/refs?service=git-upload-pack");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "octo/widgets.git/info/refs?service=git-upload-pack");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("x-access-token:bad"u8.ToArray()));
        using var wrongResponse = await client.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "octo/widgets.git/info/refs?service=git-upload-pack");
        right.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("anyone:good"u8.ToArray()));
        using var rightResponse = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
        Assert.Equal("application/x-git-upload-pack-advertisement", rightResponse.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_gzipped_upload_pack_request_is_served()
    {
        using var temp = new TempDirectory();
        await using var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        var commit = await github.CreateRepositoryAsync("octo", "widgets");
        github.AcceptGitToken("good");
        using var client = new HttpClient { BaseAddress = github.ServerUrl };
        var body = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"0032want {commit}\n00000009done\n"));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "octo/widgets.git/git-upload-pack") { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-git-upload-pack-request");
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("x:good"u8.ToArray()));

        using var response = await client.SendAsync(request);
        var content = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("PACK", System.Text.Encoding.ASCII.GetString(content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_repository_is_404()
    {
        using var temp = new TempDirectory();
        await using var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        github.AcceptGitToken("good");
        using var client = new HttpClient { BaseAddress = github.ServerUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "octo/missing.git/info/refs?service=git-upload-pack");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("x:good"u8.ToArray()));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
