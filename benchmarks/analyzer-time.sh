#!/usr/bin/env bash
# Recompiles one project (not its references) with the compiler's analyzer report and prints, in seconds, the
# time of all Pgx analyzers and of the SQL rules among them (SqlAnalyzer, or the four analyzers it replaced),
# then the load average when the build ended. Each run starts a fresh compiler process (no shared compilation
# server), so the time includes loading and JIT-compiling the analyzers, as in a clean CI build.
#
#   bash benchmarks/analyzer-time.sh samples/Quickstart/Quickstart.csproj
#   bash benchmarks/analyzer-time.sh artifacts/analyzer-corpus/AnalyzerCorpus.csproj   (see analyzer-corpus.sh)
#
# Build the project normally once first: this only recompiles it.
set -euo pipefail

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build "$1" --no-dependencies --no-incremental -nodeReuse:false -p:ReportAnalyzer=true -p:UseSharedCompilation=false -v:d > "$log" 2>&1 \
    || { tail -20 "$log"; exit 1; }

# The report lists "seconds  percent  name" per analyzer assembly and, indented, per analyzer; the generator
# report that follows it uses the same shape, so only the analyzer section is read.
awk -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
    /Total analyzer execution time/ { inside = 1; next }
    /Total generator execution time/ { inside = 0 }
    inside && $3 == "Pgx.Generators," { pgx = $1 }
    inside && $3 ~ /^Pgx\.Generators\.Analyzers\.(SqlAnalyzer|TriggerRoutedInsertAnalyzer|CurrvalLookupAnalyzer|ForeignTableWriteAnalyzer|CrossServerJoinAnalyzer)$/ { sql += $1 }
    END { printf "pgx_analyzers=%.3f sql_rules=%.3f load=%s\n", pgx, sql, load }
' "$log"
