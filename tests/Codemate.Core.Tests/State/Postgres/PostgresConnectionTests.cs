using Codemate.Configuration;
using Codemate.State.Postgres;

namespace Codemate.Core.Tests.State.Postgres;

public sealed class PostgresConnectionTests
{
    [Fact]
    public void The_keyword_form_is_read_as_Npgsql_reads_it()
    {
        Assert.True(PostgresConnection.TryParse("Host=db.internal;Port=6543;Database=codemate;Username=cm;Password=s3cret", out var builder, out _));

        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("codemate", builder.Database);
        Assert.Equal("cm", builder.Username);
        Assert.Equal("s3cret", builder.Password);
    }

    [Theory]
    [InlineData("postgresql://cm:p%40ss%3Aw0rd@db.internal:6543/codemate?sslmode=require")]
    [InlineData("postgres://cm:p%40ss%3Aw0rd@db.internal:6543/codemate?sslmode=require")]
    public void The_URI_form_is_decoded_with_its_parameters(string url)
    {
        Assert.True(PostgresConnection.TryParse(url, out var builder, out _));

        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("codemate", builder.Database);
        Assert.Equal("cm", builder.Username);
        Assert.Equal("p@ss:w0rd", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void A_URI_without_a_port_uses_PostgreSQLs_default()
    {
        Assert.True(PostgresConnection.TryParse("postgresql://cm@localhost/codemate", out var builder, out _));

        Assert.Equal(5432, builder.Port);
        Assert.Null(builder.Password);
    }

    [Theory]
    [InlineData("Host=db;Database=codemate;Password=hunter2hunter2;Nonsense=1", "hunter2hunter2")]
    [InlineData("postgresql://cm:hunter2hunter2@db/codemate?nonsense=1", "hunter2hunter2")]
    [InlineData("postgresql://cm:hunter2hunter2@db", "hunter2hunter2")]
    [InlineData("Database=codemate;Password=hunter2hunter2", "hunter2hunter2")]
    public void A_value_that_is_not_a_connection_string_is_refused_naming_the_variable_and_never_the_password(string value, string password)
    {
        Assert.False(PostgresConnection.TryParse(value, out _, out var problem));

        Assert.Contains(EnvironmentVariables.DatabaseUrl, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(password, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_names_the_database_and_never_the_password()
    {
        var description = PostgresConnection.Describe(PostgresConnection.Parse("postgresql://cm:hunter2hunter2@db.internal:6543/codemate"));

        Assert.Equal("PostgreSQL database codemate on db.internal:6543 as cm", description);
    }
}
