using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inbox.Storage.Tests.Sql;

/// <summary>
/// The group committer's own path to SQLite: statements run through the C API, values bound as
/// Microsoft.Data.Sqlite binds them, checkpoints on a thread of their own, and the grain state table's key.
/// </summary>
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private readonly string _path = Stores.TempSqlitePath();
    private SqliteConnection _connection = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _connection = new SqliteConnection($"Data Source={_path}");
        await _connection.OpenAsync();
        Execute("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;");
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    public static TheoryData<string, object?> Values => new()
    {
        { "text", "héllo, 世界 👋" },
        { "empty text", "" },
        { "long", long.MaxValue },
        { "int", -42 },
        { "short", (short)7 },
        { "byte", (byte)255 },
        { "true", true },
        { "false", false },
        { "double", 3.25 },
        { "float", 1.5f },
        { "decimal", 12.345m },
        { "whole decimal", 12m },
        { "decimal with a trailing zero", 1.50m },
        { "offset time", new DateTimeOffset(2026, 11, 22, 8, 0, 28, TimeSpan.FromHours(5.5)).AddTicks(3_568_008) },
        { "whole-second time west of UTC", new DateTimeOffset(1999, 1, 2, 3, 4, 5, TimeSpan.FromHours(-8)) },
        { "utc time with trailing zeros", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_200_000) },
        { "clock time", new DateTime(2026, 11, 22, 23, 59, 59, DateTimeKind.Utc).AddTicks(5) },
        { "bytes", new byte[] { 1, 2, 3 } },
        { "no bytes", Array.Empty<byte>() },
        { "guid", Guid.Parse("0dcdc0ab-12c0-4031-ae99-86e931ad5a50") },
        { "enum", DayOfWeek.Friday },
        { "null", null },
        { "typed null", SqlNull.Text },
        { "db null", DBNull.Value },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task EveryValueIsStoredExactlyAsMicrosoftDataSqliteStoresIt(string name, object? value)
    {
        Execute("CREATE TABLE bound (path TEXT NOT NULL, value)");
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO bound (path, value) VALUES ('library', $1)";
            command.Parameters.AddWithValue("$1", value is null or SqlNull ? DBNull.Value : value);
            await command.ExecuteNonQueryAsync();
        }
        await using (var statements = new SqliteStatements(_connection))
            Assert.Equal(1, statements.Execute("INSERT INTO bound (path, value) VALUES ('writer', $1)", [value]));

        var stored = Query("SELECT path, typeof(value) || ':' || quote(value) FROM bound ORDER BY path");
        Assert.Equal(2, stored.Count);
        Assert.True(stored["library"] == stored["writer"], $"{name}: the library stored {stored["library"]}, the writer {stored["writer"]}");
    }

    [Fact]
    public async Task ParametersAreMatchedByTheirNumberNotTheOrderTheyAppearIn()
    {
        Execute("CREATE TABLE pair (a TEXT, b TEXT)");
        await using var statements = new SqliteStatements(_connection);
        statements.Execute("INSERT INTO pair (b, a) VALUES ($2, $1)", ["first", "second"]);
        statements.Execute("INSERT INTO pair (b, a) VALUES ($2, $1)", ["third", "fourth"]);
        Assert.Equal(new Dictionary<string, string?> { ["first"] = "second", ["third"] = "fourth" }, Query("SELECT a, b FROM pair"));
    }

    [Fact]
    public async Task AStringTheStatementHoldsAlreadyIsKeptAndEveryOtherValueIsBoundAfresh()
    {
        Execute("CREATE TABLE pair (a TEXT, b TEXT)");
        await using var statements = new SqliteStatements(_connection);
        var same = string.Concat("same-", "object");
        statements.Execute("INSERT INTO pair (a, b) VALUES ($1, $2)", [same, "one"]);
        statements.Execute("INSERT INTO pair (a, b) VALUES ($1, $2)", [same, "two"]);
        statements.Execute("INSERT INTO pair (a, b) VALUES ($1, $2)", [string.Concat("other-", "object"), "three"]);
        statements.Execute("INSERT INTO pair (a, b) VALUES ($1, $2)", [null, "four"]);
        statements.Execute("INSERT INTO pair (a, b) VALUES ($1, $2)", [same, "five"]);
        Assert.Equal(new Dictionary<string, string?> { ["one"] = "same-object", ["two"] = "same-object", ["three"] = "other-object", ["four"] = null, ["five"] = "same-object" },
            Query("SELECT b, a FROM pair"));
    }

    [Fact]
    public async Task AWriteRunsExactlyOneStatement()
    {
        Execute("CREATE TABLE pair (a TEXT, b TEXT)");
        await using var statements = new SqliteStatements(_connection);
        var error = Assert.Throws<ArgumentException>(() => statements.Execute("INSERT INTO pair (a) VALUES ($1); DELETE FROM pair", ["x"]));
        Assert.Contains("exactly one statement", error.Message);
        Assert.Empty(Query("SELECT a, b FROM pair"));
        Assert.Equal(1, statements.Execute("INSERT INTO pair (a) VALUES ($1); -- a closing comment", ["a trailing semicolon and comment are fine"]));
        Assert.Throws<ArgumentException>(() => statements.Execute("INSERT INTO pair (a) VALUES ($1); /* then */ INSERT INTO pair (a) VALUES ($1)", ["x"]));
        Assert.Single(Query("SELECT a, b FROM pair"));
    }

    [Fact]
    public async Task StatementsThatChangeNothingCountMinusOneAsTheLibraryDoes()
    {
        Execute("CREATE TABLE once (id TEXT PRIMARY KEY)");
        await using var statements = new SqliteStatements(_connection);
        await using var tx = await _connection.BeginTransactionAsync();
        Assert.Equal(1, statements.Execute("INSERT INTO once (id) VALUES ($1)", ["a"]));
        Assert.Equal(-1, statements.Execute("SAVEPOINT unit", []));
        Assert.Equal(-1, statements.Execute("RELEASE SAVEPOINT unit", []));
        Assert.Equal(0, statements.Execute("DELETE FROM once WHERE id = $1", ["missing"]));
    }

    [Fact]
    public async Task NotANumberIsRefusedAsTheLibraryRefusesIt()
    {
        Execute("CREATE TABLE reals (value REAL)");
        await using var statements = new SqliteStatements(_connection);
        Assert.Throws<InvalidOperationException>(() => statements.Execute("INSERT INTO reals (value) VALUES ($1)", [double.NaN]));
        Assert.Empty(Query("SELECT value, value FROM reals"));
    }

    [Fact]
    public async Task TooFewValuesAndUnnumberedParametersAreRefused()
    {
        Execute("CREATE TABLE pair (a TEXT, b TEXT)");
        await using var statements = new SqliteStatements(_connection);
        Assert.Throws<ArgumentException>(() => statements.Execute("INSERT INTO pair (a, b) VALUES ($1, $2)", ["only one"]));
        Assert.Throws<ArgumentException>(() => statements.Execute("INSERT INTO pair (a) VALUES (@a)", ["x"]));
        Assert.Empty(Query("SELECT a, b FROM pair"));
    }

    [Fact]
    public async Task AConstraintFailureIsASqliteErrorAndTheStatementStillWorksAfterIt()
    {
        Execute("CREATE TABLE once (id TEXT PRIMARY KEY)");
        await using var statements = new SqliteStatements(_connection);
        statements.Execute("INSERT INTO once (id) VALUES ($1)", ["a"]);
        var error = Assert.Throws<SqliteException>(() => statements.Execute("INSERT INTO once (id) VALUES ($1)", ["a"]));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", error.Message);
        Assert.Equal(1, statements.Execute("INSERT INTO once (id) VALUES ($1)", ["b"]));
        Assert.Equal(0, statements.Execute("UPDATE once SET id = $1 WHERE id = $2", ["c", "missing"]));
    }

    [Fact]
    public void TimesAreWrittenInTheLibrarysTextFormToTheTick()
    {
        var random = new Random(20261122);
        Span<byte> buffer = stackalloc byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
            if (i % 3 == 0) ticks -= ticks % TimeSpan.TicksPerSecond;          // whole seconds: no fraction, no point
            else if (i % 3 == 1) ticks -= ticks % TimeSpan.TicksPerMillisecond; // trailing zeros to trim
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1));
            var time = new DateTimeOffset(new DateTime(ticks), offset);

            var written = System.Text.Encoding.UTF8.GetString(buffer[..SqliteText.Format(time.DateTime, time.Offset, buffer)]);
            Assert.Equal(time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture), written);
            written = System.Text.Encoding.UTF8.GetString(buffer[..SqliteText.Format(time.DateTime, null, buffer)]);
            Assert.Equal(time.DateTime.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture), written);
        }
    }

    [Fact]
    public async Task UnderSteadyCommitsTheCheckpointerKeepsTheWalBounded()
    {
        Execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
        using var checkpointer = new WalCheckpointer($"Data Source={_path}", NullLogger.Instance, walLimit: 200, interval: TimeSpan.FromMilliseconds(5));
        await using var statements = new SqliteStatements(_connection);
        var body = new byte[3_000];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long rows = 0;
        // About 100 new pages a commit: within one 5 ms interval the WAL passes its 200-frame limit, on any disk.
        while ((checkpointer.Waits < 3 || rows < 12_000) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await using var tx = await _connection.BeginTransactionAsync();
            for (var row = 0; row < 100; row++, rows++) statements.Execute("INSERT INTO pages (id, body) VALUES ($1, $2)", [rows, body]);
            await tx.CommitAsync();
            checkpointer.Committed();
        }

        Assert.True(checkpointer.Waits >= 3, $"the writer waited {checkpointer.Waits} time(s) in {clock.Elapsed.TotalSeconds:N1} s although the WAL kept passing its limit");
        // Without restarts the WAL would hold a page for every row; with them, a few intervals' worth at most.
        var wal = new FileInfo(_path + "-wal").Length;
        Assert.True(wal < rows * 4096 / 2, $"the WAL grew to {wal:N0} bytes for {rows:N0} rows: it never started over");
        Assert.Equal($"{rows}", Query("SELECT 'rows', count(*) FROM pages")["rows"]);
    }

    [Fact]
    public void ACommitAfterTheCheckpointerStoppedIsHarmless()
    {
        var checkpointer = new WalCheckpointer($"Data Source={_path}", NullLogger.Instance);
        checkpointer.Dispose();
        checkpointer.Dispose();
        checkpointer.Committed();
        Assert.Equal(0, checkpointer.Waits);
    }

    [Fact]
    public async Task TheStateKeyMigrationKeepsEveryRecordAndItsTime()
    {
        // A database as the first release left it: only 0001_runtime applied, times as text.
        var runtime = MigrationSource.Storage;
        var (firstId, firstSql) = runtime.Scripts("sqlite").First();
        Assert.EndsWith("/0001_runtime", firstId);
        Execute(firstSql);
        Execute("CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES ('Inbox.Actors/0001_runtime', '2026-11-01');");
        Execute("""
            INSERT INTO grain_state VALUES ('svc', 'Conversation', 'cnv_1', 'conversation', '{"a":1}', 7, '2026-11-22 08:00:28.3568008+00:00');
            INSERT INTO grain_state VALUES ('svc', 'Contact', 'cnt_1', 'contact', NULL, 2, '2026-11-21 23:30:00+05:30');
            """);

        await using var database = new SqliteDatabase($"Data Source={_path}");
        await new Migrator(database, [], TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Equal("{\"a\":1}|7", Query("SELECT grain_key, payload || '|' || version FROM grain_state")["cnv_1"]);
        Assert.Null(Query("SELECT grain_key, payload FROM grain_state WHERE grain_key = 'cnt_1'")["cnt_1"]);
        // SQLite reads the text to the nearest millisecond.
        Assert.InRange(long.Parse(Query("SELECT grain_key, modified_at FROM grain_state WHERE grain_key = 'cnv_1'")["cnv_1"]!),
            DateTimeOffset.Parse("2026-11-22T08:00:28.356+00:00").ToUnixTimeMilliseconds(), DateTimeOffset.Parse("2026-11-22T08:00:28.357+00:00").ToUnixTimeMilliseconds());
        Assert.Equal($"{DateTimeOffset.Parse("2026-11-21T23:30:00+05:30").ToUnixTimeMilliseconds()}", Query("SELECT grain_key, modified_at FROM grain_state WHERE grain_key = 'cnt_1'")["cnt_1"]);
        Assert.Equal("grain_key,grain_type,state_name,service_id",
            Query("SELECT 'key', group_concat(name) FROM (SELECT name FROM pragma_table_info('grain_state') WHERE pk > 0 ORDER BY pk)")["key"]);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Dictionary<string, string?> Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string?>();
        while (reader.Read()) rows[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetValue(1).ToString();
        return rows;
    }
}
