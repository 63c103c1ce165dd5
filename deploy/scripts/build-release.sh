#!/usr/bin/env bash
# build-release.sh: builds the release `loom` binary with the flags in deploy/build-flags and
# prints its path. Used by deploy/Dockerfile and .ci/check-deploy so both build it the same way.
#
# Usage: deploy/scripts/build-release.sh [extra swift build arguments, e.g. --scratch-path DIR]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
flags_file="$root/deploy/build-flags"

if [ ! -f "$flags_file" ]; then
    echo "build-release.sh: $flags_file not found" >&2
    exit 1
fi

# Words of the flags file, comments dropped. The file holds no quoted words by design.
read -r -d '' -a flags < <(sed -e 's/#.*$//' "$flags_file" && printf '\0') || true

cd "$root"
echo "+ swift build -c release ${flags[*]} $*" >&2
swift build -c release "${flags[@]}" "$@" >&2
bin_dir=$(swift build -c release "${flags[@]}" "$@" --show-bin-path)
echo "$bin_dir/loom"
