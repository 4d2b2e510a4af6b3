using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Inbox.Benchmarks;

/// <summary>
/// The ceiling: the runtime's own version-checked UPDATE on the real schema, through the group
/// committer's statement runner, on one thread with no runtime around it.
/// </summary>
internal static class Bare
{
    public static async Task<(double Rate, double SingleRate)> SqliteAsync(double seconds)
    {
        await using var database = new SqliteDatabase($"Data Source={Bench.TempDb()}");
        await Schema.CreateAsync(database);
        await using var connection = (SqliteConnection)await database.OpenAsync();
        Execute(connection, "PRAGMA synchronous=FULL;");
        await using var statements = database.CreateStatements(connection);
        var versions = new long[1_000];
        const string payload = """{"value":1,"note":"a typical small state"}""";

        async Task<double> Run(int perTransaction)
        {
            long rows = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await using var tx = await connection.BeginTransactionAsync();
                for (var i = 0; i < perTransaction; i++, rows++)
                {
                    var key = (int)(rows % 1_000);
                    var write = StateRows.Write("bench", "Writer", key.ToString(), "bench", payload,
                        versions[key] == 0 ? null : versions[key], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    if (await statements.ExecuteAsync(write.Sql, write.Args, tx) != 1) throw new InvalidOperationException("The bare write missed its row.");
                    versions[key]++;
                }
                await tx.CommitAsync();
            }
            return rows / clock.Elapsed.TotalSeconds;
        }

        await Run(1_000); // creates the 1,000 rows, then warms up
        var single = await Run(1);
        return (await Run(1_000), single);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
