using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// Validates a plugin's options with their data annotations and reports each failure as <c>Section:Key: reason</c>,
/// the key a user edits in <c>fluence.json</c>.
/// </summary>
internal sealed class DataAnnotationsOptionsValidator<TOptions>(string section) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name is not null && name != Microsoft.Extensions.Options.Options.DefaultName)
            return ValidateOptionsResult.Skip;
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        var failures = results.SelectMany(r => r.MemberNames.Any()
            ? r.MemberNames.Select(m => $"{section}:{m}: {r.ErrorMessage}")
            : [$"{section}: {r.ErrorMessage}"]);
        return ValidateOptionsResult.Fail(failures);
    }
}
