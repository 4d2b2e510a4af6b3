using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Inbox.Benchmarks;

/// <summary>The ceiling: the same version-checked UPDATE, prepared once, 1,000 rows per transaction, no runtime at all.</summary>
internal static class Bare
{
    public static (double Rate, double SingleRate) Sqlite(double seconds)
    {
        var path = Bench.TempDb();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute(connection, """
            CREATE TABLE grain_state (service_id TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
              payload TEXT, version INTEGER NOT NULL, modified_at TEXT NOT NULL, PRIMARY KEY (service_id, grain_type, grain_key, state_name)) WITHOUT ROWID
            """);
        using (var tx = connection.BeginTransaction())
        {
            for (var i = 0; i < 1_000; i++)
                Execute(connection, $"INSERT INTO grain_state VALUES ('bench', 'Writer', '{i}', 'bench', '{{}}', 0, '')");
            tx.Commit();
        }
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE grain_state SET payload = $5, version = version + 1, modified_at = $6 WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $7";
        var p = Enumerable.Range(1, 7).Select(i => update.Parameters.Add(new SqliteParameter("$" + i, null))).ToArray();
        var versions = new long[1_000];

        double Run(int perTransaction)
        {
            long rows = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                using var tx = connection.BeginTransaction();
                update.Transaction = tx;
                for (var i = 0; i < perTransaction; i++, rows++)
                {
                    var key = (int)(rows % 1_000);
                    p[0].Value = "bench"; p[1].Value = "Writer"; p[2].Value = key.ToString(); p[3].Value = "bench";
                    p[4].Value = """{"value":1,"note":"a typical small state"}"""; p[5].Value = DateTimeOffset.UtcNow; p[6].Value = versions[key]++;
                    update.ExecuteNonQuery();
                }
                tx.Commit();
            }
            return rows / clock.Elapsed.TotalSeconds;
        }

        var single = Run(1);
        return (Run(1_000), single);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
