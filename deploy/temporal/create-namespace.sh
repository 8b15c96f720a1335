#!/usr/bin/env sh
# Creates the application's namespace on a real Temporal cluster, with the retention the project expects.
# Usage: TEMPORAL_ADDRESS=host:7233 ./create-namespace.sh [namespace] [retention]
set -eu
ns="${1:-nrm}"
retention="${2:-30d}"
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" "$ns" >/dev/null 2>&1 \
  || temporal operator namespace create --address "$TEMPORAL_ADDRESS" --retention "$retention" "$ns"
echo "namespace $ns ready on $TEMPORAL_ADDRESS"
