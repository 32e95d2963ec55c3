using CertCreds.Errors;
using CertCreds.Output;

namespace CertCreds.Tests.Output;

public sealed class AwsFileEditorTests
{
    private static string Set(string text, AwsFileKind kind, string profile, params (string Key, string Value)[] values) =>
        AwsFileEditor.SetValues(text, "config", kind, profile, values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)).ToList());

    [Fact]
    public void A_missing_profile_is_appended_after_a_last_line_that_had_no_newline()
    {
        var result = Set("[default]\nregion = eu-west-1", AwsFileKind.Config, "iot", ("credential_process", "/bin/certcreds x"));
        Assert.Equal("[default]\nregion = eu-west-1\n\n[profile iot]\ncredential_process = /bin/certcreds x\n", result);
    }

    [Fact]
    public void An_empty_file_gets_just_the_section()
    {
        Assert.Equal("[iot]\naws_access_key_id = A\n", Set(string.Empty, AwsFileKind.Credentials, "iot", ("aws_access_key_id", "A")));
    }

    [Fact]
    public void Crlf_files_stay_crlf_and_comments_and_order_are_kept()
    {
        var before = "# mine\r\n[profile b]\r\nregion = x\r\n\r\n[profile iot]\r\n; keep me\r\nregion = y\r\n";
        var result = Set(before, AwsFileKind.Config, "iot", ("credential_process", "c"));
        Assert.Equal("# mine\r\n[profile b]\r\nregion = x\r\n\r\n[profile iot]\r\n; keep me\r\nregion = y\r\ncredential_process = c\r\n", result);
    }

    [Fact]
    public void An_existing_key_is_replaced_in_place_with_its_indentation_and_its_continuation_lines_go()
    {
        var before = "[profile iot]\n  Credential_Process : old\n     still old\n  region = y\n[other]\nk = v\n";
        var result = Set(before, AwsFileKind.Config, "iot", ("credential_process", "new"));
        Assert.Equal("[profile iot]\n  credential_process = new\n  region = y\n[other]\nk = v\n", result);
    }

    [Fact]
    public void Config_profiles_are_profile_sections_and_credentials_profiles_are_bare()
    {
        var text = "[iot]\nregion = a\n[profile iot]\nregion = b\n";
        Assert.Equal("b", AwsFileEditor.ReadProfile(text, AwsFileKind.Config, "iot")!["region"]);
        Assert.Equal("a", AwsFileEditor.ReadProfile(text, AwsFileKind.Credentials, "iot")!["region"]);
    }

    [Fact]
    public void The_default_profile_is_the_default_section_in_the_config_file()
    {
        Assert.Equal("[default]\nregion = r\n", Set(string.Empty, AwsFileKind.Config, "default", ("region", "r")));
        Assert.Equal("[profile default]\nregion = r\n", Set("[profile default]\nregion = q\n", AwsFileKind.Config, "default", ("region", "r")));
    }

    [Fact]
    public void A_profile_header_with_extra_spaces_is_still_that_profile_as_botocore_reads_it()
    {
        Assert.Equal("[profile   iot]\nregion = r\n", Set("[profile   iot]\nregion = q\n", AwsFileKind.Config, "iot", ("region", "r")));
    }

    [Theory]
    [InlineData("[a]\nk = 1\n[a]\n", "repeats the section")]
    [InlineData("[a]\nk = 1\nK = 2\n", "repeats the key")]
    [InlineData("[a]\njust words\n", "neither")]
    [InlineData("k = v\n[a]\n", "neither")]
    [InlineData("[profile iot]\n[profile  iot]\n", "2 sections")]
    public void Files_botocore_already_rejects_are_refused_not_guessed_at(string text, string fragment)
    {
        var error = Assert.Throws<AwsFileException>(() => Set(text, AwsFileKind.Config, "iot", ("region", "r")));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_with_a_newline_is_refused_so_it_cannot_inject_a_line()
    {
        Assert.Throws<UsageException>(() => Set(string.Empty, AwsFileKind.Credentials, "iot", ("aws_session_token", "a\n[evil]")));
    }

    [Fact]
    public void Parsing_loses_no_byte()
    {
        var generator = new IniFileGenerator(7);
        for (var i = 0; i < 200; i++)
        {
            var text = generator.Generate(config: i % 2 == 0);
            Assert.Equal(text, string.Concat(IniParser.Parse(text).Select(l => l.Text + l.Ending)));
        }
    }
}
