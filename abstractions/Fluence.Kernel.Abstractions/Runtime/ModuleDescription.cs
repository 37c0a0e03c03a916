namespace Fluence.Kernel.Runtime;

/// <summary>What a runtime learns from a module's bytes without instantiating it.</summary>
/// <param name="SdkVersion">The <c>__fluence_sdk_version</c> section.</param>
/// <param name="Interface">The module's exported functions and their record types.</param>
/// <param name="HostImports">Imports of the host API namespaces other than logging and call parameters: mounted binaries ("effects").</param>
/// <param name="UsesLogger">Whether the module imports <c>log_utf8_string</c>.</param>
public sealed record ModuleDescription(string SdkVersion, ServiceInterface Interface, IReadOnlyList<string> HostImports, bool UsesLogger);
