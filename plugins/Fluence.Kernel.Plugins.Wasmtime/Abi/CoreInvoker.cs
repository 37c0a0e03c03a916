using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Fluence.Kernel.Runtime;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>
/// Calls a Wasm export with raw arguments from adapter slots through Wasmtime's typed delegates (an order of
/// magnitude faster than untyped <c>Invoke</c>). The glue that unpacks slots into the typed delegate is compiled once
/// per signature shape and shared by all modules.
/// </summary>
internal sealed class CoreInvoker
{
    private delegate long Glue(Delegate target, Slot[] slots, int offset);

    private static readonly ConcurrentDictionary<string, (Glue Glue, Func<Function, Delegate> Wrap)?> Shapes = new();

    private readonly Delegate? _typed;
    private readonly Glue? _glue;
    private readonly Function _function;
    private readonly ValueKind[] _parameters;
    private readonly ValueKind[] _results;

    public CoreInvoker(Function function, CoreSignature signature)
    {
        _function = function;
        _parameters = signature.Parameters.Select(ToValueKind).ToArray();
        _results = signature.Results.Select(ToValueKind).ToArray();
        var shape = Shapes.GetOrAdd(Key(signature), _ => Build(signature));
        if (shape is { } s)
        {
            _typed = s.Wrap(function);
            _glue = s.Glue;
        }
    }

    public long Invoke(Slot[] slots, int offset)
    {
        if (_glue is not null)
            return _glue(_typed!, slots, offset);
        return InvokeUntyped(slots, offset);
    }

    // Shapes Wasmtime has no typed delegate for (more than 16 parameters): the slow, general path.
    private long InvokeUntyped(Slot[] slots, int offset)
    {
        var args = new ValueBox[_parameters.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var bits = slots[offset + i].Bits;
            args[i] = _parameters[i] switch
            {
                ValueKind.Int32 => (int)bits,
                ValueKind.Int64 => bits,
                ValueKind.Float32 => BitConverter.Int32BitsToSingle((int)bits),
                _ => BitConverter.Int64BitsToDouble(bits),
            };
        }
        var result = _function.Invoke(args);
        if (_results.Length == 0)
            return 0;
        return result switch
        {
            int i => i,
            long l => l,
            float f => BitConverter.SingleToInt32Bits(f),
            double d => BitConverter.DoubleToInt64Bits(d),
            _ => 0,
        };
    }

    private static string Key(CoreSignature s) => string.Join(",", s.Parameters) + "->" + string.Join(",", s.Results);

    private static ValueKind ToValueKind(ItTypeKind kind) => kind switch
    {
        ItTypeKind.I32 => ValueKind.Int32,
        ItTypeKind.I64 => ValueKind.Int64,
        ItTypeKind.F32 => ValueKind.Float32,
        _ => ValueKind.Float64,
    };

    private static Type ClrType(ItTypeKind kind) => kind switch
    {
        ItTypeKind.I32 => typeof(int),
        ItTypeKind.I64 => typeof(long),
        ItTypeKind.F32 => typeof(float),
        _ => typeof(double),
    };

    private static (Glue, Func<Function, Delegate>)? Build(CoreSignature signature)
    {
        if (signature.Parameters.Length > 16 || signature.Results.Length > 1)
            return null;
        var parameterTypes = signature.Parameters.Select(ClrType).ToArray();
        var resultType = signature.Results.Length == 1 ? ClrType(signature.Results[0]) : null;
        var genericArguments = resultType is null ? parameterTypes : [.. parameterTypes, resultType];
        var methodName = resultType is null ? nameof(Function.WrapAction) : nameof(Function.WrapFunc);
        var method = typeof(Function).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Single(m => m.Name == methodName && m.GetParameters().Length == 0 && m.GetGenericArguments().Length == genericArguments.Length);
        if (genericArguments.Length > 0)
            method = method.MakeGenericMethod(genericArguments);
        var delegateType = method.ReturnType;

        var target = Expression.Parameter(typeof(Delegate), "target");
        var slots = Expression.Parameter(typeof(Slot[]), "slots");
        var offset = Expression.Parameter(typeof(int), "offset");
        var bitsField = typeof(Slot).GetField(nameof(Slot.Bits))!;
        var arguments = new Expression[parameterTypes.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            Expression bits = Expression.Field(Expression.ArrayAccess(slots, Expression.Add(offset, Expression.Constant(i))), bitsField);
            arguments[i] = signature.Parameters[i] switch
            {
                ItTypeKind.I32 => Expression.Convert(bits, typeof(int)),
                ItTypeKind.I64 => bits,
                ItTypeKind.F32 => Expression.Call(typeof(BitConverter).GetMethod(nameof(BitConverter.Int32BitsToSingle))!, Expression.Convert(bits, typeof(int))),
                _ => Expression.Call(typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!, bits),
            };
        }
        Expression call = Expression.Invoke(Expression.Convert(target, delegateType), arguments);
        Expression body = signature.Results.Length == 0
            ? Expression.Block(call, Expression.Constant(0L))
            : signature.Results[0] switch
            {
                ItTypeKind.I32 => Expression.Convert(call, typeof(long)),
                ItTypeKind.I64 => call,
                ItTypeKind.F32 => Expression.Convert(Expression.Call(typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!, call), typeof(long)),
                _ => Expression.Call(typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!, call),
            };
        var glue = Expression.Lambda<Glue>(body, target, slots, offset).Compile();
        Delegate Wrap(Function f) => (Delegate?)method.Invoke(f, null)
            ?? throw new WasmCallException(WasmFailure.InvalidModule, "export signature does not match its interface-types description");
        return (glue, Wrap);
    }
}
