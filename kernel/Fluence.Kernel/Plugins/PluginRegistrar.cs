using Fluence.Kernel.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// What one plugin registers: its own services (collected apart, so the kernel knows which services belong to
/// which plugin and can start them in plugin order), its options types and the slot contracts it provides.
/// </summary>
internal sealed class PluginRegistrar : IPluginRegistrar
{
    private readonly Dictionary<Slot, Func<IServiceProvider, object>> _provided = [];
    private readonly List<OptionsRegistration> _options = [];
    private readonly List<string> _errors = [];

    public PluginRegistrar(PluginManifest manifest, IConfiguration configuration)
    {
        Manifest = manifest;
        Configuration = manifest.ConfigurationSection is { } section
            ? configuration.GetSection(section)
            : new ConfigurationBuilder().Build();
    }

    public PluginManifest Manifest { get; }
    public IServiceCollection Services { get; } = new ServiceCollection();
    public IConfiguration Configuration { get; }

    public IReadOnlyDictionary<Slot, Func<IServiceProvider, object>> Provided => _provided;
    public IReadOnlyList<OptionsRegistration> Options => _options;
    public IReadOnlyList<string> Errors => _errors;

    public OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class
    {
        var section = Manifest.ConfigurationSection;
        if (section is null)
            _errors.Add($"plugin '{Manifest.Id}' registers options {typeof(TOptions).Name} but its manifest has no 'configurationSection'");
        if (!_options.Any(o => o.OptionsType == typeof(TOptions)))
        {
            _options.Add(new OptionsRegistration(typeof(TOptions), section ?? Manifest.Id));
            Services.AddSingleton<IValidateOptions<TOptions>>(new DataAnnotationsOptionsValidator<TOptions>(section ?? Manifest.Id));
        }
        return Services.AddOptions<TOptions>().Bind(Configuration);
    }

    public void Provide<TContract>(Func<IServiceProvider, TContract> factory) where TContract : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!SlotContracts.TryGetSlot(typeof(TContract), out var slot))
        {
            _errors.Add($"plugin '{Manifest.Id}' calls Provide<{typeof(TContract).Name}>, which is not a slot contract " +
                        $"(slot contracts: {string.Join(", ", SlotContracts.All.Select(s => SlotContracts.ContractOf(s).Name))}); register it with Services instead");
            return;
        }
        if (_provided.ContainsKey(slot))
        {
            _errors.Add($"plugin '{Manifest.Id}' provides slot '{SlotContracts.NameOf(slot)}' twice");
            return;
        }
        _provided[slot] = sp => factory(sp);
    }

    public void Provide<TContract, TImplementation>() where TContract : class where TImplementation : class, TContract =>
        Provide<TContract>(sp => ActivatorUtilities.CreateInstance<TImplementation>(sp));

    /// <summary>The mismatches between the manifest's <c>provides</c> and the <see cref="Provide{TContract}"/> calls.</summary>
    public IEnumerable<string> CheckProvides(string source)
    {
        foreach (var slot in Manifest.Provides.Where(s => !_provided.ContainsKey(s)))
            yield return $"plugin '{Manifest.Id}' ({source}) lists slot '{SlotContracts.NameOf(slot)}' in 'provides' but never calls Provide<{SlotContracts.ContractOf(slot).Name}>";
        foreach (var slot in _provided.Keys.Where(s => !Manifest.Provides.Contains(s)))
            yield return $"plugin '{Manifest.Id}' ({source}) calls Provide<{SlotContracts.ContractOf(slot).Name}> but does not list '{SlotContracts.NameOf(slot)}' in its manifest's 'provides'";
    }
}

/// <summary>An options type a plugin registered, and the configuration section it binds.</summary>
internal sealed record OptionsRegistration(Type OptionsType, string Section);
