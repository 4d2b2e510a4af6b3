using System.Text.RegularExpressions;

namespace Inbox.Silo.Numbers;

/// <summary>An approved WhatsApp template registered on a number: its body has placeholders {{1}}, {{2}}, …</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Numbers.MessageTemplate")]
public sealed partial record MessageTemplate(string Name, string Language, string Body)
{
    public int Parameters => Placeholder().Matches(Body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    public MessageTemplate Validated()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw Refuse.Invalid("missing_name", "A template needs its name.", "name");
        if (string.IsNullOrWhiteSpace(Body)) throw Refuse.Invalid("missing_body", "A template needs its body text.", "body");
        if (!NamePattern().IsMatch(Name)) throw Refuse.Invalid("bad_template_name", "A template name is lower-case letters, digits and underscores.", "name");
        if (string.IsNullOrWhiteSpace(Language)) throw Refuse.Invalid("missing_language", "A template needs its language code, e.g. en_US.", "language");
        var numbers = Placeholder().Matches(Body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
        if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Length)))
            throw Refuse.Invalid("bad_placeholders", "Template placeholders are numbered {{1}}, {{2}}, … without gaps.", "body");
        return this;
    }

    /// <summary>The text the customer sees, once the parameters are checked against the placeholders.</summary>
    public string Render(IReadOnlyList<string> parameters)
    {
        parameters ??= [];
        if (parameters.Count != Parameters)
            throw Refuse.Invalid("template_parameters", $"Template {Name} ({Language}) takes {Parameters} parameter(s); {parameters.Count} given.", "template.parameters");
        return Placeholder().Replace(Body, m => parameters[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]);
    }

    [GeneratedRegex(@"\{\{(\d+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex NamePattern();
}

/// <summary>A template to send: which one, and its parameters in order.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Numbers.TemplateUse")]
public sealed record TemplateUse(string Name, string Language, IReadOnlyList<string> Parameters);
