#!/usr/bin/env bash
# Writes a large project for measuring the analyzers: RECORDS table records (trigger-routed LIST, declarative
# RANGE, HASH, plain, and postgres_fdw foreign tables on two servers) and FILES files full of Dapper and Npgsql
# call sites (literal, const, concatenated, interpolated and local SQL; QueryAsync, ExecuteAsync,
# NpgsqlCommand, CommandText, NpgsqlDataSource.CreateCommand). Most SQL is clean; one file in 25 holds the
# mistakes the SQL rules report (RETURNING and ON CONFLICT on a trigger-routed table, currval, a write to a
# read-only foreign table, a join across servers), so the rules have something to report.
#
#   bash benchmarks/analyzer-corpus.sh [FILES] [RECORDS]        (defaults: 300 files, 50 records)
#   dotnet build artifacts/analyzer-corpus -p:ReportAnalyzer=true -v:d
#
# The project goes to artifacts/analyzer-corpus/ in the repository this script sits in (artifacts/ is ignored by
# git), so it builds against that repository's Pgx and generator, the way samples/ do.
set -euo pipefail

files=${1:-300}
records=${2:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/artifacts/analyzer-corpus"
rm -rf "$out"
mkdir -p "$out"

cat > "$out/AnalyzerCorpus.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <PgxUseGenerator>true</PgxUseGenerator>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
    <!-- The corpus holds mistakes on purpose: the SQL rules' warnings must not stop the build. -->
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Dapper" Version="2.1.66" />
  </ItemGroup>
</Project>
EOF

# Record i is of kind i % 5: 0 trigger-routed LIST, 1 declarative RANGE, 2 HASH, 3 plain, 4 foreign.
kind() { echo $(( $1 % 5 )); }
name_of() {
    case $(kind "$1") in
        0) echo "Routed$1" ;;
        1) echo "Ranged$1" ;;
        2) echo "Hashed$1" ;;
        3) echo "Plain$1" ;;
        4) echo "Remote$1" ;;
    esac
}
table_of() {
    case $(kind "$1") in
        4) echo "app.remote$1" ;;
        *) echo "$(name_of "$1" | tr '[:upper:]' '[:lower:]')" ;;
    esac
}

# The records of kind k: record number n of that kind (wrapping), for picking tables in the call sites.
pick() {
    local k=$1 n=$2
    local count=$(( (records - k + 4) / 5 ))
    echo $(( k + 5 * (n % count) ))
}

{
    echo 'using System;'
    echo 'using Pgx;'
    echo
    echo '[assembly: ForeignServer("app_db", Host = "localhost", DbName = "app")]'
    echo '[assembly: ForeignServer("billing_db", Host = "localhost", DbName = "billing")]'
    echo
    echo 'namespace Corpus;'
    for (( i = 0; i < records; i++ )); do
        n=$(name_of "$i")
        echo
        case $(kind "$i") in
            0)
                echo '[PgTable]'
                echo '[PartitionBy(nameof(Region), PartitionKind.List, Routing = PartitionRouting.Trigger)]'
                echo "[ListPartition(\"${n,,}_eu\", 1)]"
                echo "[ListPartition(\"${n,,}_us\", 2)]"
                echo "[DefaultPartition(\"${n,,}_other\")]"
                echo "public sealed record $n([property: PgKey] long Id, int Region, string? Value, decimal Amount);"
                ;;
            1)
                echo '[PgTable]'
                echo '[PartitionBy(nameof(At), PartitionKind.Range)]'
                echo "[RangePartition(\"${n,,}_2026\", \"2026-01-01\", \"2027-01-01\")]"
                echo "[RangePartition(\"${n,,}_2027\", \"2027-01-01\", \"2028-01-01\")]"
                echo "public sealed record $n([property: PgKey] long Id, DateTimeOffset At, double Value);"
                ;;
            2)
                echo '[PgTable]'
                echo '[PartitionBy(nameof(Id), PartitionKind.Hash)]'
                echo '[HashPartitions(4)]'
                echo "public sealed record $n([property: PgKey] long Id, string Name);"
                ;;
            3)
                echo '[PgTable]'
                echo "public sealed record $n([property: PgKey] long Id, string Name, DateTime CreatedAt);"
                ;;
            4)
                server=$([ $(( i % 2 )) -eq 0 ] && echo app_db || echo billing_db)
                echo "[PgTable(\"remote$i\", Schema = \"app\")]"
                echo "[ForeignTable(\"$server\", RemoteSchema = \"public\")]"
                echo "public sealed record $n([property: PgKey] int Id, int CompanyId, string Email);"
                ;;
        esac
    done
} > "$out/Models.cs"

for (( f = 0; f < files; f++ )); do
    routed=$(table_of "$(pick 0 "$f")")
    ranged=$(table_of "$(pick 1 "$f")")
    hashed=$(table_of "$(pick 2 "$f")")
    plain=$(table_of "$(pick 3 "$f")")
    plainType=$(name_of "$(pick 3 "$f")")
    remote=$(table_of "$(pick 4 "$f")")
    other=$(table_of "$(pick 4 $(( f + 1 )))")
    {
        cat <<EOF
using System.Collections.Generic;
using System.Threading.Tasks;
using Dapper;
using Npgsql;

namespace Corpus;

public static class Queries$f
{
    private const string Columns = "id, name, created_at";
    private const string FindSql = "SELECT " + Columns + " FROM $plain WHERE id = @id";
    private static readonly string CountSql = "SELECT count(*) FROM $ranged WHERE at >= @from AND at < @to";

    public static Task<IEnumerable<$plainType>> Find(NpgsqlConnection connection, long id) =>
        connection.QueryAsync<$plainType>(FindSql, new { id });

    public static Task<long> Count(NpgsqlConnection connection, System.DateTimeOffset from, System.DateTimeOffset to) =>
        connection.ExecuteScalarAsync<long>(CountSql, new { from, to });

    public static Task<int> Rename(NpgsqlConnection connection, long id, string name) =>
        connection.ExecuteAsync("UPDATE $plain SET name = @name WHERE id = @id", new { id, name });

    public static Task<long> Add(NpgsqlConnection connection, string name) =>
        connection.ExecuteScalarAsync<long>(@"INSERT INTO $plain (name, created_at)
            VALUES (@name, now())
            RETURNING id", new { name });

    public static Task<int> Route(NpgsqlConnection connection, long id, int region, string value) =>
        connection.ExecuteAsync("INSERT INTO $routed (id, region, value, amount) VALUES (@id, @region, @value, 0)", new { id, region, value });

    public static Task<IEnumerable<long>> Totals(NpgsqlConnection connection, int region) =>
        connection.QueryAsync<long>("""
            SELECT r.id
            FROM $routed AS r
            JOIN $plain AS p ON p.id = r.id
            WHERE r.region = @region AND r.amount > 0
            ORDER BY r.id
            LIMIT 100
            """, new { region });

    public static async Task<long> Hashed(NpgsqlDataSource dataSource, long id)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM $hashed WHERE id = \$1");
        command.Parameters.AddWithValue(id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> Users(NpgsqlConnection connection, string filter)
    {
        var sql = "SELECT u.id, u.email FROM $remote u WHERE u.company_id = @company AND " + filter;
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<int> Purge(NpgsqlConnection connection, int days)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = \$"DELETE FROM $ranged WHERE at < now() - make_interval(days => {days})";
        return await command.ExecuteNonQueryAsync();
    }

    public static Task<IEnumerable<string>> Remote(NpgsqlConnection connection) =>
        connection.QueryAsync<string>("SELECT email FROM $remote WHERE id IN (SELECT id FROM $other WHERE company_id = 1)");

    public static Task<int> Batch(NpgsqlConnection connection, long id) =>
        connection.ExecuteAsync("UPDATE $plain SET name = 'a' WHERE id = @id; DELETE FROM $hashed WHERE id = @id; SELECT 1, 2, 3", new { id });
EOF
        if (( f % 25 == 0 )); then
            cat <<EOF

    public static Task<long> Mistakes(NpgsqlConnection connection, int region) =>
        connection.ExecuteScalarAsync<long>("INSERT INTO $routed (region, value, amount) VALUES (@region, 'x', 1) RETURNING id", new { region });

    public static Task<int> Upsert(NpgsqlConnection connection) =>
        connection.ExecuteAsync("INSERT INTO $routed (id, region, value, amount) VALUES (1, 1, 'x', 1) ON CONFLICT DO NOTHING");

    public static Task<IEnumerable<long>> Last(NpgsqlConnection connection) =>
        connection.QueryAsync<long>("SELECT id FROM $routed WHERE id = currval('${routed}_id_seq')");

    public static Task<int> Write(NpgsqlConnection connection) =>
        connection.ExecuteAsync("UPDATE $remote SET email = 'x' WHERE id = 1");

    public static Task<IEnumerable<string>> Join(NpgsqlConnection connection) =>
        connection.QueryAsync<string>("SELECT a.email FROM $remote a JOIN $other b ON b.id = a.id");
EOF
        fi
        echo '}'
    } > "$out/Queries$f.cs"
done

echo "wrote $out: $records records, $files files"
