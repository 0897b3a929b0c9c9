#!/usr/bin/env bash
# Run the README's commands in a fresh clone, exactly as written, the way a newcomer on Debian 12
# would. Run by hand before a release (not in CI: it installs packages and takes minutes).
#
#   build_scripts/check_readme.sh [COMMIT]     # default: HEAD of this checkout
#
# It runs every ```sh block of README.md that follows a line `<!-- check_readme -->`, in order,
# in one clone, with two adjustments a script needs and a person does not:
#   - as root, `sudo ` is left out (the README says so);
#   - the command that opens the window on the example runs as `--smoke-test` offscreen (opens
#     the same file, visits every tab, exits), since nobody is there to close the window.
# Exit code 0 when every block succeeded; otherwise the failing block and its output are shown.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
commit="${1:-HEAD}"
work="$(mktemp -d "${TMPDIR:-/tmp}/nianbao-readme-XXXXXX")"
trap 'rm -rf "$work"' EXIT

git clone -q "$here" "$work/nianbao"
cd "$work/nianbao"
git checkout -q "$commit"

# The marked blocks, one file each.
awk -v dir="$work" '
    /^<!-- check_readme -->$/ { marked = 1; next }
    marked && /^```sh$/ { n++; file = sprintf("%s/block-%02d.sh", dir, n); inblock = 1; marked = 0; next }
    inblock && /^```$/ { inblock = 0; close(file); next }
    inblock { print > file }
    !inblock && !/^[[:space:]]*$/ { marked = 0 }
' README.md

blocks=("$work"/block-*.sh)
if [ ! -e "${blocks[0]}" ]; then
    echo "README.md has no block marked <!-- check_readme -->" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
window='.venv/bin/nianbao resources/examples/yanchi-2022.nianbao'
smoke='QT_QPA_PLATFORM=offscreen .venv/bin/nianbao --smoke-test resources/examples/yanchi-2022.nianbao'
failed=0
for block in "${blocks[@]}"; do
    script="$block.run"
    sed -e "s#${window//./\\.}\$#${smoke}#" "$block" >"$script"
    if [ "$(id -u)" -eq 0 ]; then
        sed -i -e 's/\bsudo //g' "$script"
    fi
    echo "=== $(basename "$block"): $(head -c 160 "$block" | head -n 1)"
    start=$(date +%s)
    if bash -euo pipefail "$script" >"$block.log" 2>&1; then
        echo "    ok ($(($(date +%s) - start)) s)"
    else
        echo "    FAILED ($(($(date +%s) - start)) s); last lines of its output:"
        tail -n 30 "$block.log" | sed 's/^/    | /'
        failed=1
    fi
done
exit "$failed"
