using System;
using System.Reflection;
using System.Text;
using Pgx.Generators.Tasks;

namespace Pgx.Generated
{
    /// <summary>
    /// Stands in for a generated schema class inside this test assembly, so the metadata reader is tested on
    /// real compiled metadata: only its public string constants count.
    /// </summary>
    [System.CodeDom.Compiler.GeneratedCode("Pgx.Generators", "9.8.7")]
    internal static class PgxSchema
    {
        public const string Sql = "CREATE TABLE IF NOT EXISTS \"ünïcode\" (x text DEFAULT 'a\r\nb');\n";

        public const string Empty = "";

        public const string NoFinalNewline = "SELECT 1;";

        public const int NotAString = 42;

        public static readonly string NotAConstant = "x";

        internal const string NotPublic = "hidden";

        public const string? Null = null;
    }
}

namespace Pgx.PackageTests
{
    /// <summary>Reading PgxSchema's constants from metadata, and rendering an artifact from them.</summary>
    public sealed class CompiledSchemaTests
    {
        private static readonly string ThisAssembly = typeof(CompiledSchemaTests).Assembly.Location;

        [Fact]
        public void Reads_the_public_string_constants_verbatim()
        {
            var schema = CompiledSchema.Read(ThisAssembly);

            Assert.True(schema.HasSchemaType);
            Assert.Equal("Pgx.PackageTests", schema.AssemblyName);
            Assert.Equal("9.8.7", schema.GeneratorVersion);
            Assert.Equal(new[] { "Empty", "NoFinalNewline", "Sql" }, new System.Collections.Generic.SortedSet<string>(schema.Constants.Keys, StringComparer.Ordinal));
            Assert.Equal(Pgx.Generated.PgxSchema.Sql, schema.Constants["Sql"]);
            Assert.Equal("", schema.Constants["Empty"]);
        }

        [Fact]
        public void An_assembly_without_PgxSchema_has_no_constants()
        {
            var schema = CompiledSchema.Read(typeof(CompiledSchema).Assembly.Location);

            Assert.False(schema.HasSchemaType);
            Assert.Null(schema.GeneratorVersion);
            Assert.Empty(schema.Constants);
        }

        [Fact]
        public void Not_an_assembly_is_a_BadImageFormatException()
        {
            var path = System.IO.Path.GetTempFileName();
            try
            {
                System.IO.File.WriteAllText(path, "not a PE file");
                Assert.Throws<BadImageFormatException>(() => CompiledSchema.Read(path));
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void The_artifact_keeps_the_constant_verbatim_and_everything_else_in_LF()
        {
            var schema = CompiledSchema.Read(ThisAssembly);
            var text = SqlArtifact.Render("pgx.schema.sql", "Sql", schema, "Pgx.Generators 9.8.7", inTransaction: true);

            var body = text.Substring(text.IndexOf(SqlArtifact.BodyStartMarker + "\n", StringComparison.Ordinal) + SqlArtifact.BodyStartMarker.Length + 1);
            Assert.StartsWith(Pgx.Generated.PgxSchema.Sql + SqlArtifact.BodyEndMarker + "\nCOMMIT;\n", body);
            Assert.DoesNotContain('\r', text.Replace(Pgx.Generated.PgxSchema.Sql, ""));
            Assert.StartsWith("-- pgx.schema.sql for Pgx.PackageTests " + typeof(CompiledSchemaTests).Assembly.GetName().Version + ", written at build time by Pgx.Generators 9.8.7 from\n", text);
        }

        [Fact]
        public void Rendering_is_deterministic()
        {
            var first = SqlArtifact.Render("a.sql", "Sql", CompiledSchema.Read(ThisAssembly), "Pgx.Generators 1", inTransaction: true);
            var second = SqlArtifact.Render("a.sql", "Sql", CompiledSchema.Read(ThisAssembly), "Pgx.Generators 1", inTransaction: true);
            Assert.Equal(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second));
        }

        [Fact]
        public void A_missing_constant_renders_a_valid_script_that_says_why()
        {
            var text = SqlArtifact.Render("pgx.foreign.sql", "ForeignSql", CompiledSchema.Read(ThisAssembly), "Pgx.Generators 1", inTransaction: true);

            Assert.Contains("-- Pgx.PackageTests has no Pgx.Generated.PgxSchema.ForeignSql,\n-- so this script does nothing", text);
            Assert.EndsWith("BEGIN;\nSET LOCAL client_min_messages = warning;\nSELECT pg_catalog.pg_advisory_xact_lock(" + PgxSchemaApplier.AdvisoryLockKey + ");\n"
                + SqlArtifact.BodyStartMarker + "\n" + SqlArtifact.BodyEndMarker + "\nCOMMIT;\n", text);
        }

        [Fact]
        public void The_lock_is_the_one_ApplyAsync_takes()
        {
            Assert.Equal(PgxSchemaApplier.AdvisoryLockKey, SqlArtifact.AdvisoryLockKey);
        }

        [Fact]
        public void Without_a_transaction_there_is_no_BEGIN_or_COMMIT_but_still_the_lock()
        {
            var text = SqlArtifact.Render("pgx.schema.sql", "Sql", CompiledSchema.Read(ThisAssembly), "Pgx.Generators 1", inTransaction: false);

            Assert.DoesNotContain("BEGIN;", text);
            Assert.DoesNotContain("COMMIT;", text);
            Assert.Contains("\nSELECT pg_catalog.pg_advisory_xact_lock(" + PgxSchemaApplier.AdvisoryLockKey + ");\n", text);
            Assert.EndsWith("\n" + SqlArtifact.BodyEndMarker + "\n", text);
        }

        [Fact]
        public void A_body_without_a_final_newline_gets_one_before_the_end_marker()
        {
            var text = SqlArtifact.Render("x.sql", "NoFinalNewline", CompiledSchema.Read(ThisAssembly), "Pgx.Generators 1", inTransaction: true);

            Assert.EndsWith("\n" + SqlArtifact.BodyStartMarker + "\nSELECT 1;\n" + SqlArtifact.BodyEndMarker + "\nCOMMIT;\n", text);
        }
    }
}
