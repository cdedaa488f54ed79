using Codemate.Policy;

namespace Codemate.Core.Tests.Policy;

/// <summary>How GitHub's collaborator permission answer (<c>permission</c> plus <c>role_name</c>) is ranked.</summary>
public sealed class RepositoryPermissionsTests
{
    [Theory]
    [InlineData("admin", "admin", "admin")]
    [InlineData("write", "maintain", "maintain")]
    [InlineData("write", "write", "write")]
    [InlineData("read", "triage", "triage")]
    [InlineData("read", "read", "read")]
    [InlineData("none", "none", "none")]
    public void A_built_in_role_is_read_from_role_name(string permission, string roleName, string expected)
    {
        Assert.Equal(expected, RepositoryPermissions.FromGitHub(permission, roleName));
    }

    [Theory]
    [InlineData("write", "security-manager", "write")]
    [InlineData("read", "contractor", "read")]
    [InlineData("write", null, "write")]
    [InlineData("admin", "", "admin")]
    public void A_custom_or_missing_role_falls_back_to_permission(string permission, string? roleName, string expected)
    {
        Assert.Equal(expected, RepositoryPermissions.FromGitHub(permission, roleName));
    }

    [Theory]
    [InlineData("read", "maintain")]
    [InlineData("read", "admin")]
    [InlineData("write", "triage")]
    public void A_role_that_does_not_match_its_permission_is_not_trusted_beyond_permission(string permission, string roleName)
    {
        Assert.Equal(permission, RepositoryPermissions.FromGitHub(permission, roleName));
    }

    [Fact]
    public void No_permission_at_all_reads_as_none()
    {
        Assert.Equal("none", RepositoryPermissions.FromGitHub(null, null));
    }

    [Fact]
    public void Maintain_ranks_between_admin_and_write_and_triage_between_write_and_read()
    {
        var ranked = new[] { ("admin", "admin"), ("write", "maintain"), ("write", "write"), ("read", "triage"), ("read", "read"), ("none", "none") }
            .Select(answer => RepositoryPermissions.TryParse(RepositoryPermissions.FromGitHub(answer.Item1, answer.Item2), out var level) ? level : (RepositoryPermission?)null)
            .ToList();

        Assert.Equal(
            [RepositoryPermission.Admin, RepositoryPermission.Maintain, RepositoryPermission.Write, RepositoryPermission.Triage, RepositoryPermission.Read, RepositoryPermission.None],
            ranked);
        Assert.Equal(ranked.OrderByDescending(level => level), ranked);
    }
}
