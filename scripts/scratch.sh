# Sourced by the test scripts that run against the package as users install it.
#
# scratch_project NAME FILE...: makes target/scratch/NAME afresh, copies FILE... into it,
# installs the packed tarball there by name (npm install path/to/zendesk-auth-VERSION.tgz)
# and changes into it. $root is the repository.
root=${root:-$PWD}

scratch_project() {
  local name=$1 tarball
  shift
  tarball=$(ls "$root"/target/npm/zendesk-auth-*.tgz)
  rm -rf "$root/target/scratch/$name"
  mkdir -p "$root/target/scratch/$name"
  cp -R "$@" "$root/target/scratch/$name/"
  cd "$root/target/scratch/$name"
  printf '{ "name": "scratch-%s", "private": true, "type": "module" }\n' "$name" >package.json
  npm install --silent --no-audit --no-fund "$tarball"
}

# need_tools LAYER TOOL...: the test tools this layer imports from tests/node_modules.
need_tools() {
  local layer=$1 tool
  shift
  for tool in "$@"; do
    [ -d "$root/tests/node_modules/$tool" ] || { echo "test-$layer: tests/node_modules/$tool is missing; run scripts/setup.sh test" >&2; exit 1; }
  done
}
