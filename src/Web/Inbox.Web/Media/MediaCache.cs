using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Media;

/// <summary>
/// Opened media on this node's disk, size-capped: a file is fetched from its provider once, then served from
/// here; when the cache grows past its cap, the least recently opened files go (a later open fetches again, or
/// learns the provider no longer has it). What a provider said is gone is remembered too, so a thread full of
/// expired media does not ask the provider on every view. Each entry is a content file and a small JSON note.
/// </summary>
public sealed class MediaCache
{
    private readonly string _folder;
    private readonly long _capacity;
    private readonly ILogger<MediaCache> _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _inFlight = new(StringComparer.Ordinal);
    private long? _bytes;

    public MediaCache(IOptions<MediaOptions> options, IHostEnvironment environment, ILogger<MediaCache> logger)
    {
        _folder = Path.GetFullPath(options.Value.CacheFolder, environment.ContentRootPath);
        _capacity = options.Value.CacheBytes;
        _logger = logger;
    }

    /// <summary>A cached answer for the message's n-th attachment: the file, or why it is gone.</summary>
    public Entry? Find(string messageId, int index)
    {
        var key = Key(messageId, index);
        var note = NotePath(key);
        if (!File.Exists(note)) return null;
        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllBytes(note));
            if (entry is null) return null;
            if (entry.GoneReason is not null) return entry;
            // Opened here: an open file stays readable on Linux and Windows' share mode refuses nothing we do,
            // so an eviction by another request between now and the answer cannot break it.
            var content = new FileStream(ContentPath(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
            File.SetLastAccessTimeUtc(note, DateTime.UtcNow);
            return entry with { Content = content };
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception error) when (error is IOException or JsonException or UnauthorizedAccessException)
        {
            _logger.LogWarning("A media cache entry could not be read and is fetched again: {Reason}", error.Message);
            return null;
        }
    }

    public Entry Keep(string messageId, int index, byte[] content, string contentType, string? fileName)
    {
        var key = Key(messageId, index);
        Directory.CreateDirectory(_folder);
        var entry = new Entry(contentType, fileName, content.LongLength, null);
        WriteAtomically(ContentPath(key), content);
        WriteAtomically(NotePath(key), JsonSerializer.SerializeToUtf8Bytes(entry));
        File.SetLastAccessTimeUtc(NotePath(key), DateTime.UtcNow); // one clock for "last opened", the one a hit uses
        Grew(content.LongLength, ContentPath(key));
        return entry with { Bytes = content };
    }

    public void KeepGone(string messageId, int index, string reason)
    {
        var key = Key(messageId, index);
        Directory.CreateDirectory(_folder);
        WriteAtomically(NotePath(key), JsonSerializer.SerializeToUtf8Bytes(new Entry(null, null, 0, reason)));
    }

    /// <summary>One fetch per attachment at a time: a thread opened by several agents at once asks the provider once.</summary>
    public async Task<T> OnceAsync<T>(string messageId, int index, Func<Task<T>> fetch) where T : class
    {
        var key = Key(messageId, index);
        var lazy = _inFlight.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await fetch()));
        try
        {
            return (T)await lazy.Value;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<object>>>(key, lazy));
        }
    }

    private void Grew(long added, string kept)
    {
        lock (_gate)
        {
            _bytes = (_bytes ?? ContentFiles().Sum(f => f.Length) - added) + added;
            if (_bytes <= _capacity) return;
            // Least recently opened first: the note's access time is touched on every hit.
            foreach (var content in ContentFiles().Where(f => f.FullName != kept).OrderBy(f => LastOpened(f)))
            {
                if (_bytes <= _capacity) break;
                var note = Path.ChangeExtension(content.FullName, ".json");
                TryDelete(note);
                if (TryDelete(content.FullName)) _bytes -= content.Length;
            }
        }
    }

    private static DateTime LastOpened(FileInfo content)
    {
        var note = new FileInfo(Path.ChangeExtension(content.FullName, ".json"));
        return note.Exists ? note.LastAccessTimeUtc : content.LastWriteTimeUtc;
    }

    private IEnumerable<FileInfo> ContentFiles() =>
        Directory.Exists(_folder) ? new DirectoryInfo(_folder).EnumerateFiles("*.bin") : [];

    private bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException error)
        {
            _logger.LogWarning("A media cache file could not be removed: {Reason}", error.Message);
            return false;
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private string ContentPath(string key) => Path.Combine(_folder, key + ".bin");

    private string NotePath(string key) => Path.Combine(_folder, key + ".json");

    private static string Key(string messageId, int index) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId}/{index}")));

    /// <summary>A kept file (open as <see cref="Content"/> when found, in <see cref="Bytes"/> when just fetched) or what made it gone.</summary>
    public sealed record Entry(string? ContentType, string? FileName, long Size, string? GoneReason)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Stream? Content { get; init; }

        [System.Text.Json.Serialization.JsonIgnore]
        public byte[]? Bytes { get; init; }
    }
}
