using System.Reflection;
using System.Text.RegularExpressions;
using Fluence.Kernel.Host.Configuration;
using Fluence.Kernel.Host.Plugins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Host;

/// <summary>
/// The composition root of a peer. <see cref="Build"/> discovers plugins, resolves slots, loads and registers the
/// enabled plugins, composes kernel modules and validates every options type — all before anything starts; any
/// problem surfaces as one <see cref="PeerConfigurationException"/> listing every error.
/// </summary>
public sealed partial class PeerHostBuilder
{
    private readonly IConfiguration _configuration;
    private readonly List<Type> _embeddedPlugins = [];
    private readonly List<Type> _selectablePlugins = [];
    private readonly List<IKernelModule> _modules = [];
    private IPluginAssemblyLoader? _loader;
    private TimeProvider _time = TimeProvider.System;
    private Action<ILoggingBuilder>? _configureLogging;

    /// <param name="configuration">The whole configuration (see <see cref="FluenceConfiguration.Load"/>).</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against (the configuration file's folder).</param>
    public PeerHostBuilder(IConfiguration configuration, string baseDirectory)
    {
        _configuration = configuration;
        Settings = PeerSettings.From(configuration, baseDirectory);
    }

    public PeerSettings Settings { get; }

    /// <summary>
    /// Plugins compiled into the distribution as its defaults: each fills its slots when configuration names no other
    /// provider. Each carries its manifest as embedded resource <c>plugin.json</c>.
    /// </summary>
    public PeerHostBuilder AddEmbeddedPlugins(IEnumerable<Type> pluginTypes)
    {
        _embeddedPlugins.AddRange(pluginTypes);
        return this;
    }

    /// <summary>
    /// Plugins compiled into the distribution as alternatives: used only when configuration names them
    /// (<c>Peer:Slots</c> or <c>Peer:Plugins</c>), so they never compete with the defaults.
    /// </summary>
    public PeerHostBuilder AddSelectablePlugins(IEnumerable<Type> pluginTypes)
    {
        _selectablePlugins.AddRange(pluginTypes);
        return this;
    }

    public PeerHostBuilder AddModule(IKernelModule module)
    {
        _modules.Add(module);
        return this;
    }

    /// <summary>Replaces the default <see cref="IsolatedPluginAssemblyLoader"/>.</summary>
    public PeerHostBuilder UseAssemblyLoader(IPluginAssemblyLoader loader)
    {
        _loader = loader;
        return this;
    }

    public PeerHostBuilder UseTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>Replaces the default logging (console, filtered by the <c>Logging</c> section).</summary>
    public PeerHostBuilder ConfigureLogging(Action<ILoggingBuilder> configure)
    {
        _configureLogging = configure;
        return this;
    }

    /// <exception cref="PeerConfigurationException"/>
    public PluginCatalog DiscoverPlugins() => PluginCatalog.Discover(Settings.PluginDirectories, _embeddedPlugins, _selectablePlugins);

    /// <exception cref="PeerConfigurationException"/>
    public PeerPlan Plan() => PeerPlanner.Plan(DiscoverPlugins(), Settings);

    /// <exception cref="PeerConfigurationException">The peer cannot start as configured; nothing was started.</exception>
    public PeerHost Build()
    {
        var plan = Plan();
        if (Settings.Telemetry.Validate().ToList() is { Count: > 0 } telemetryErrors)
            throw new PeerConfigurationException(telemetryErrors);
        var ownsLoader = _loader is null;
        var loader = _loader ?? new IsolatedPluginAssemblyLoader();
        PeerEnvironment? environment = null;
        IHost? host = null;
        try
        {
            environment = PeerEnvironment.Create(Settings, _time);
            var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings
            {
                DisableDefaults = true,
                ApplicationName = "fluence",
                ContentRootPath = Settings.BaseDirectory,
            });
            builder.Configuration.AddConfiguration(_configuration);
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            if (_configureLogging is not null)
                _configureLogging(builder.Logging);
            else
                builder.Logging.AddConfiguration(_configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true);

            builder.Services.AddSingleton<IPeerEnvironment>(environment);
            builder.Services.AddPeerTelemetry(Settings.Telemetry, environment.HostKey.PeerId.ToString());
            builder.Services.AddSingleton(_time);
            var groups = new List<LifecycleGroup>();
            builder.Services.AddSingleton<IHostedService>(sp => new PeerLifecycleService(sp, groups, sp.GetRequiredService<ILogger<PeerLifecycleService>>()));

            var errors = new List<string>();
            var options = new List<OptionsRegistration>();
            foreach (var plugin in plan.StartOrder)
                RegisterPlugin(plugin, plan, loader, builder.Services, groups, options, errors);
            if (errors.Count > 0)
                throw new PeerConfigurationException(errors);
            foreach (var module in _modules)
            {
                IServiceCollection services = new ServiceCollection();
                module.ConfigureServices(services, _configuration);
                groups.Add(new LifecycleGroup($"kernel module {module.Name}", CopyServices(builder.Services, services)));
            }

            host = builder.Build();
            ValidateOptions(host.Services, options, errors);
            if (errors.Count > 0)
                throw new PeerConfigurationException(errors);
            return new PeerHost(host, plan, environment, ownsLoader ? loader as IDisposable : null);
        }
        catch
        {
            host?.Dispose();
            environment?.Dispose();
            if (ownsLoader)
                (loader as IDisposable)?.Dispose();
            throw;
        }
    }

    private void RegisterPlugin(PluginDescriptor descriptor, PeerPlan plan, IPluginAssemblyLoader loader, IServiceCollection root,
        List<LifecycleGroup> groups, List<OptionsRegistration> options, List<string> errors)
    {
        var plugin = Instantiate(descriptor, loader, errors);
        if (plugin is null)
            return;
        var registrar = new PluginRegistrar(descriptor.Manifest, _configuration);
        try
        {
            plugin.Register(registrar);
        }
        catch (Exception ex)
        {
            errors.Add($"plugin '{descriptor.Id}' ({descriptor.Source}) failed to register: {ex.GetType().Name}: {ex.Message}");
            return;
        }
        errors.AddRange(registrar.Errors);
        errors.AddRange(registrar.CheckProvides(descriptor.Source));
        options.AddRange(registrar.Options);

        IServiceCollection services = new ServiceCollection();
        foreach (var d in registrar.Services)
            services.Add(d);
        foreach (var (slot, factory) in registrar.Provided)
        {
            // Only the provider chosen for the slot registers its contract; other candidates stay dormant.
            if (plan.ProviderOf(slot)?.Plugin == descriptor)
                services.Add(ServiceDescriptor.Singleton(SlotContracts.ContractOf(slot), factory));
        }
        groups.Add(new LifecycleGroup($"plugin {descriptor.Id}", CopyServices(root, services)));
    }

    private static IFluencePlugin? Instantiate(PluginDescriptor descriptor, IPluginAssemblyLoader loader, List<string> errors)
    {
        try
        {
            var type = descriptor.EmbeddedType ?? FindPluginType(descriptor, loader.Load(descriptor.AssemblyPath!), errors);
            return type is null ? null : (IFluencePlugin)Activator.CreateInstance(type)!;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
            errors.Add($"plugin '{descriptor.Id}' ({descriptor.Source}) cannot be loaded: {inner.GetType().Name}: {inner.Message}");
            return null;
        }
    }

    private static Type? FindPluginType(PluginDescriptor descriptor, Assembly assembly, List<string> errors)
    {
        var types = assembly.GetExportedTypes()
            .Where(t => typeof(IFluencePlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToList();
        if (types.Count == 1 && types[0].GetConstructor(Type.EmptyTypes) is not null)
            return types[0];
        errors.Add(types.Count switch
        {
            0 => $"plugin '{descriptor.Id}' ({descriptor.Source}): assembly {descriptor.Manifest.Assembly} has no public class implementing IFluencePlugin " +
                 "(or it references a different Fluence.Kernel.Abstractions than the host's)",
            1 => $"plugin '{descriptor.Id}' ({descriptor.Source}): {types[0].FullName} needs a public parameterless constructor",
            _ => $"plugin '{descriptor.Id}' ({descriptor.Source}): assembly {descriptor.Manifest.Assembly} has {types.Count} IFluencePlugin classes " +
                 $"({string.Join(", ", types.Select(t => t.FullName))}); a plugin has exactly one",
        });
        return null;
    }

    /// <summary>Copies <paramref name="services"/> into <paramref name="root"/>; returns the singletons that may be lifecycles.</summary>
    private static List<LifecycleCandidate> CopyServices(IServiceCollection root, IServiceCollection services)
    {
        var candidates = new List<LifecycleCandidate>();
        foreach (var d in services)
        {
            // Open generic infrastructure (options, logging) is registered by several plugins; keep one copy.
            if (d.ServiceType.IsGenericTypeDefinition && root.Any(r => r.ServiceType == d.ServiceType && !r.IsKeyedService && !d.IsKeyedService
                                                                      && r.ImplementationType == d.ImplementationType))
                continue;
            root.Add(d);
            if (d.Lifetime != ServiceLifetime.Singleton || d.IsKeyedService || d.ServiceType.IsGenericTypeDefinition || !MayBeLifecycle(d))
                continue;
            var index = root.Count(r => r.ServiceType == d.ServiceType && !r.IsKeyedService) - 1;
            candidates.Add(new LifecycleCandidate(d.ServiceType, index));
        }
        return candidates;
    }

    private static bool MayBeLifecycle(ServiceDescriptor d) =>
        d.ServiceType == typeof(IPeerLifecycle)
        || typeof(IPeerLifecycle).IsAssignableFrom(d.ServiceType)
        || (d.ImplementationType is { } t && typeof(IPeerLifecycle).IsAssignableFrom(t))
        || d.ImplementationInstance is IPeerLifecycle
        || d.ImplementationFactory is not null;

    private static void ValidateOptions(IServiceProvider services, List<OptionsRegistration> registrations, List<string> errors)
    {
        foreach (var registration in registrations)
        {
            var optionsType = typeof(IOptions<>).MakeGenericType(registration.OptionsType);
            try
            {
                _ = optionsType.GetProperty(nameof(IOptions<object>.Value))!.GetValue(services.GetRequiredService(optionsType));
            }
            catch (TargetInvocationException ex) when (ex.InnerException is OptionsValidationException validation)
            {
                errors.AddRange(validation.Failures.Select(f => f.StartsWith(registration.Section + ":", StringComparison.Ordinal) ? f : $"{registration.Section}: {f}"));
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException binding)
            {
                errors.Add(DescribeBindingFailure(registration.Section, binding));
            }
        }
    }

    /// <summary>Turns the binder's "Failed to convert configuration value 'x' at 'S:K' to type 'T'" into "S:K: …".</summary>
    private static string DescribeBindingFailure(string section, InvalidOperationException ex)
    {
        var match = BinderFailure().Match(ex.Message);
        return match.Success
            ? $"{match.Groups["key"].Value}: '{match.Groups["value"].Value}' is not a valid {ShortTypeName(match.Groups["type"].Value)}"
            : $"{section}: {ex.Message}";
    }

    private static string ShortTypeName(string type) => type.Contains('.') ? type[(type.LastIndexOf('.') + 1)..] : type;

    [GeneratedRegex(@"value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BinderFailure();
}
