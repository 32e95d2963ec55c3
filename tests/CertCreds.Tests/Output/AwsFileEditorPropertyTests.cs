using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Output;

/// <summary>
/// For many generated files and edits: every line outside the edited section survives byte for byte, the edit is
/// there, nothing is duplicated — and botocore's own parser (Python, run once over all cases) agrees: it reads
/// the input and the output, sees the new values, and sees every other section exactly as before.
/// </summary>
public sealed class AwsFileEditorPropertyTests : IDisposable
{
    private const int Cases = 400;

    private const string BotocoreCheck = """
        import botocore.configloader as c, json, sys
        out = []
        for case in json.load(open(sys.argv[1])):
            def profile(raw):
                if case['kind'] == 'credentials':
                    return raw.get(case['profile'])
                return c.build_profile_map(raw)['profiles'].get(case['profile'])
            try:
                before = c.raw_config_parse(case['before'])
            except Exception as e:
                out.append('%s: botocore rejects the input: %s %r' % (case['id'], e, open(case['before']).read())); continue
            try:
                after = c.raw_config_parse(case['after'])
            except Exception as e:
                out.append('%s: botocore rejects the output: %s %r' % (case['id'], e, open(case['after']).read())); continue
            got = profile(after) or {}
            for k, v in case['values'].items():
                if got.get(k) != v:
                    out.append('%s: %s is %r, expected %r' % (case['id'], k, got.get(k), v))
            section = case['section']
            if {k: v for k, v in before.items() if k != section} != {k: v for k, v in after.items() if k != section}:
                out.append('%s: another section changed' % case['id'])
            for k, v in before.get(section, {}).items():
                if k not in case['values'] and after[section].get(k) != v:
                    out.append('%s: untouched key %s changed' % (case['id'], k))
        print(json.dumps(out))
        """;

    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Any_edit_of_any_file_keeps_every_other_line_and_botocore_reads_the_result()
    {
        var generator = new IniFileGenerator(20261129);
        var cases = new List<Dictionary<string, object>>();
        var refused = 0;
        for (var i = 0; i < Cases; i++)
        {
            var kind = i % 2 == 0 ? AwsFileKind.Config : AwsFileKind.Credentials;
            var before = generator.Generate(kind == AwsFileKind.Config);
            var profile = generator.ProfileName();
            var values = new Dictionary<string, string>();
            for (var n = generator.Chance(0.5) ? 1 : 3; n > 0; n--)
            {
                values[generator.Key()] = generator.Value().Replace('\t', ' ');
            }

            string after;
            try
            {
                after = AwsFileEditor.SetValues(before, "f", kind, profile, values.ToList());
            }
            catch (AwsFileException)
            {
                // Only files botocore itself rejects may be refused; the generator makes none, so this stays rare.
                refused++;
                continue;
            }

            AssertOutsideLinesKept(before, after, kind, profile);
            var lines = IniParser.Parse(after);
            AwsFileEditor.CheckBotocoreReadsIt(lines, "after");
            var section = lines[Assert.Single(AwsFileEditor.SectionsOf(lines, kind, profile))].Name!;
            Assert.Equal(values, AwsFileEditor.ReadProfile(after, kind, profile)!.Where(v => values.ContainsKey(v.Key)).ToDictionary());

            var beforePath = Path.Combine(folder.Path, $"{i}.before");
            var afterPath = Path.Combine(folder.Path, $"{i}.after");
            await File.WriteAllTextAsync(beforePath, before, new UTF8Encoding(false));
            await File.WriteAllTextAsync(afterPath, after, new UTF8Encoding(false));
            cases.Add(new()
            {
                ["id"] = i,
                ["kind"] = kind == AwsFileKind.Config ? "config" : "credentials",
                ["profile"] = profile,
                ["section"] = section,
                ["values"] = values,
                ["before"] = beforePath,
                ["after"] = afterPath,
            });
        }

        Assert.True(refused < Cases / 20, $"{refused} of {Cases} generated files were refused");
        var casesPath = Path.Combine(folder.Path, "cases.json");
        await File.WriteAllTextAsync(casesPath, JsonSerializer.Serialize(cases));
        var problems = await RunPythonAsync(BotocoreCheck, casesPath);
        Assert.True(problems.Trim() == "[]", problems);
    }

    [Fact]
    public async Task Quoted_command_lines_split_the_same_under_botocores_shlex_and_under_sh()
    {
        string[] words = ["/opt/my tools/certcreds", "credential-process", "--certificate", "/data/it's \"here\"/$HOME/`id`/c.pem", "--thing-name", "a;b&c|d", "x*y?[z]", "~/not-home", "ünï cødé", "back\\slash"];
        var line = CommandLine.Join(words);
        var script = """
            import json, shlex, subprocess, sys
            words, line = json.loads(sys.argv[1]), sys.argv[2]
            split = shlex.split(line)
            shell = subprocess.run(['sh', '-c', 'printf "%s\\0" ' + line], capture_output=True, check=True).stdout.decode().split('\0')[:-1]
            print(json.dumps([split == words, shell == words, split, shell]))
            """;
        var output = await RunPythonAsync(script, JsonSerializer.Serialize(words), line);
        Assert.StartsWith("[true, true", output, StringComparison.Ordinal);
    }

    private static void AssertOutsideLinesKept(string before, string after, AwsFileKind kind, string profile)
    {
        var input = IniParser.Parse(before);
        var output = IniParser.Parse(after);
        var inputTarget = AwsFileEditor.SectionsOf(input, kind, profile).FirstOrDefault(-1);
        var outputTarget = Assert.Single(AwsFileEditor.SectionsOf(output, kind, profile));
        var kept = input.Where(l => inputTarget < 0 || l.Section != inputTarget).ToList();
        var now = output.Where(l => l.Section != outputTarget).ToList();
        Assert.True(now.Count >= kept.Count, $"lines were lost:\n{before}\n---\n{after}");
        for (var i = 0; i < kept.Count; i++)
        {
            Assert.Equal(kept[i].Text, now[i].Text);
            // Only a last line without a newline may gain one, so that nothing is glued to it.
            Assert.True(kept[i].Ending == now[i].Ending || (kept[i].Ending.Length == 0 && i == kept.Count - 1), $"line {i} ending changed:\n{before}\n---\n{after}");
        }

        // The only line allowed besides: the blank line that separates an appended section.
        Assert.All(now.Skip(kept.Count), l => Assert.Equal(IniLineKind.Blank, l.Kind));
    }

    private static async Task<string> RunPythonAsync(string script, params string[] args)
    {
        var python = File.Exists("/root/.pyenv/shims/python3") ? "/root/.pyenv/shims/python3" : "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }
}
