namespace CertCreds.Output;

/// <summary>A minimal line diff for <c>--dry-run</c>: the edit touches one contiguous region, so prefix and suffix are enough.</summary>
public static class FileDiff
{
    public static string Render(string path, string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var writer = new StringWriter { NewLine = "\n" };
        writer.WriteLine($"--- {path}");
        writer.WriteLine($"+++ {path}");
        writer.WriteLine($"@@ line {prefix + 1} @@");
        foreach (var line in a[prefix..^suffix])
        {
            writer.WriteLine("-" + line.TrimEnd('\r', '\n'));
        }

        foreach (var line in b[prefix..^suffix])
        {
            writer.WriteLine("+" + line.TrimEnd('\r', '\n'));
        }

        return writer.ToString();
    }

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
