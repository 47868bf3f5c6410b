extern alias tasks;

using System;
using System.IO;
using System.Linq;
using Pgx.Generators.Tasks.Migrations;
using Hazard = tasks::Pgx.PgxHazard;
using Step = tasks::Pgx.PgxPlanStep;

namespace Pgx.PackageTests;

/// <summary>The pure parts of the migration task: names, versions, and how a plan becomes scripts.</summary>
public sealed class MigrationScriptsTests
{
    [Theory]
    [InlineData("AddEmail")]
    [InlineData("add_email_2")]
    [InlineData("V2")]
    public void A_name_of_letters_digits_and_underscores_is_valid(string name) => Assert.Null(MigrationFolder.WhyInvalid(name));

    [Theory]
    [InlineData("Add-Email")]
    [InlineData("2AddEmail")]
    [InlineData("_AddEmail")]
    [InlineData("Add Email")]
    [InlineData("Add__Email")]
    [InlineData("../Email")]
    [InlineData("AddÉmail")]
    public void Other_names_are_refused_with_a_reason(string name) => Assert.NotNull(MigrationFolder.WhyInvalid(name));

    [Fact]
    public void A_name_longer_than_the_limit_is_refused() =>
        Assert.Contains("longer than", MigrationFolder.WhyInvalid(new string('a', MigrationFolder.MaxNameLength + 1)));

    [Fact]
    public void The_next_version_follows_the_highest_versioned_script_and_parts_order_numerically()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pgx-migrations-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            Assert.Equal(0, MigrationFolder.HighestVersion(folder));
            foreach (var file in new[] { "V0001__Initial.sql", "V0002__AddEmail.sql", "V0002.1__AddEmail.sql", "V0002.10__AddEmail.sql", "V0002.2__AddEmail.sql", "V0009__Hand_written.sql", "R__views.sql", "notes.txt", "V0002.1__AddEmail.sql.conf" })
            {
                File.WriteAllText(Path.Combine(folder, file), "");
            }

            Assert.Equal(9, MigrationFolder.HighestVersion(folder));
            Assert.Equal("V0010__Next.sql", MigrationFolder.FileName(10, 0, "Next"));
            Assert.Equal("V0010.3__Next.sql", MigrationFolder.FileName(10, 3, "Next"));
            Assert.Equal(
                new[] { "V0001__Initial.sql", "V0002__AddEmail.sql", "V0002.1__AddEmail.sql", "V0002.2__AddEmail.sql", "V0002.10__AddEmail.sql", "V0009__Hand_written.sql" },
                MigrationFolder.VersionedFiles(folder).Select(f => Path.GetFileName(f)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Statements_that_cannot_run_in_a_transaction_get_a_marked_script_each_between_transactional_runs()
    {
        var steps = new[]
        {
            new Step("public.t", "Add column public.t.email text", new[] { "ALTER TABLE \"public\".\"t\" ADD COLUMN \"email\" text" }, Hazard.None, runsInTransaction: true),
            new Step("public.t", "Create index public.t_email_idx on public.t_1 concurrently", new[] { "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_email_idx\"", "CREATE INDEX CONCURRENTLY \"t_email_idx\" ON \"public\".\"t_1\" (\"email\")" }, Hazard.IndexBuild, runsInTransaction: false),
            new Step("public.t", "Attach index", new[] { "ALTER INDEX a ATTACH PARTITION b" }, Hazard.None, runsInTransaction: true),
            new Step("public.t", "Add a NOT VALID check", new[] { "ALTER TABLE t ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID" }, Hazard.None, runsInTransaction: true) { EndsTransaction = true },
            new Step("public.t", "Validate it", new[] { "ALTER TABLE t VALIDATE CONSTRAINT c" }, Hazard.None, runsInTransaction: true),
        };

        var scripts = MigrationScripts.Render(steps, 3, "AddEmail", "Shop 1.0.0.0 with Pgx.Generators 0.1.0", "the snapshot Migrations/Pgx/pgx.snapshot.json");

        Assert.Equal(new[] { "V0003__AddEmail.sql", "V0003.1__AddEmail.sql", "V0003.2__AddEmail.sql", "V0003.3__AddEmail.sql", "V0003.4__AddEmail.sql" }, scripts.Select(s => s.FileName));
        Assert.Equal(new[] { true, false, false, true, true }, scripts.Select(s => s.InTransaction));
        Assert.EndsWith("\nALTER TABLE t ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;\n", scripts[3].Text);
        Assert.EndsWith("\nALTER TABLE t VALIDATE CONSTRAINT c;\n", scripts[4].Text);
        Assert.StartsWith("-- V0003__AddEmail.sql: migration 3 (AddEmail) of Shop 1.0.0.0 with Pgx.Generators 0.1.0,\n", scripts[0].Text);
        Assert.Contains("\n-- Apply: psql -v ON_ERROR_STOP=1 --single-transaction -f V0003__AddEmail.sql\n", scripts[0].Text);
        Assert.Contains("V0003.1__AddEmail.sql (outside a transaction), V0003.2__AddEmail.sql (outside a transaction), V0003.3__AddEmail.sql, V0003.4__AddEmail.sql.", scripts[0].Text);
        Assert.EndsWith("\nALTER TABLE \"public\".\"t\" ADD COLUMN \"email\" text;\n", scripts[0].Text);

        Assert.StartsWith(MigrationScripts.EvolveTransactionOff + "\n-- V0003.1__AddEmail.sql:", scripts[1].Text);
        Assert.Contains("\n-- Apply: psql -v ON_ERROR_STOP=1 -f V0003.1__AddEmail.sql\n", scripts[1].Text);
        Assert.Contains("(statement 1 of 2) [hazards: IndexBuild]", scripts[1].Text);
        Assert.EndsWith("\nDROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_email_idx\";\n", scripts[1].Text);
        Assert.EndsWith("\nCREATE INDEX CONCURRENTLY \"t_email_idx\" ON \"public\".\"t_1\" (\"email\");\n", scripts[2].Text);
        Assert.Contains("\n-- If it fails, apply V0003.1__AddEmail.sql again before this script:", scripts[2].Text);
        Assert.DoesNotContain("If it fails", scripts[1].Text);
        Assert.All(scripts, s => Assert.DoesNotContain('\r', s.Text));

        // The same plan gives the same bytes.
        Assert.Equal(scripts.Select(s => s.Text), MigrationScripts.Render(steps, 3, "AddEmail", "Shop 1.0.0.0 with Pgx.Generators 0.1.0", "the snapshot Migrations/Pgx/pgx.snapshot.json").Select(s => s.Text));
    }
}
