namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// A lambda ("lens") after a variable: either the length functor <c>.length</c> or <c>.$</c> followed by accessors.
/// <see cref="Text"/> is the lambda as written; AquaVM appends it to a value's tetraplet lens.
/// </summary>
public abstract record AirLambda(string Text)
{
    /// <summary>The text a tetraplet lens gets: AquaVM prints the lambda without the flattening sign <c>!</c> (verified).</summary>
    public string Lens => Text.EndsWith('!') ? Text[..^1] : Text;
}

/// <summary><c>.length</c>: the number of elements of an array (or of entries of a canon map).</summary>
public sealed record LengthFunctor(string Text) : AirLambda(Text);

/// <summary><c>.$.a.[0].[i]</c>: a path into a JSON value.</summary>
public sealed record AccessorLambda(string Text, IReadOnlyList<LambdaAccessor> Accessors) : AirLambda(Text)
{
    public bool Equals(AccessorLambda? other) =>
        other is not null && Text == other.Text && Accessors.SequenceEqual(other.Accessors);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);
}

/// <summary>One step of an <see cref="AccessorLambda"/>.</summary>
public abstract record LambdaAccessor
{
    /// <summary>The accessor as AquaVM prints it in a lens: <c>.name</c>, <c>.[N]</c>, <c>.[name]</c>.</summary>
    public abstract string LensText { get; }
}

/// <summary><c>.name</c>: a field of an object.</summary>
public sealed record FieldAccessor(string Field) : LambdaAccessor
{
    public override string LensText => "." + Field;
}

/// <summary><c>.[N]</c>: an element of an array (u32 index).</summary>
public sealed record IndexAccessor(uint Index) : LambdaAccessor
{
    public override string LensText => ".[" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
}

/// <summary><c>.[name]</c>: a field (string) or an index (number) taken from the scalar <c>name</c>.</summary>
public sealed record ScalarAccessor(string ScalarName) : LambdaAccessor
{
    public override string LensText => ".[" + ScalarName + "]";
}
