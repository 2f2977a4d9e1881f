# shellcheck shell=bash
# The steps of scripts/test-packages: the emulator, the drop-in pointing the
# installed daemon at it, waits and checks on the installed database, and the
# out-of-tree template builds. Expects WORK and SOURCE_DIR, and sets EMULATOR_PID,
# EMULATOR_PORT, DAEMON_PID and INSTALLED for cleanup.

DOMAINS=(compliance costs dmarc identity resources)
# The table each domain fills, in DOMAINS order.
DOMAIN_TABLES=(policy_states cost_daily dmarc_reports identity_users resources)
# The emulator's tenants that answer (t3 answers HTTP 500 to everything).
HEALTHY_TENANTS=(t1 t2 t4 t5)  # as SQL below
HEALTHY_TENANTS_SQL="'t1', 't2', 't4', 't5'"
DATABASE=/var/lib/govsync/govsync.db
EMULATOR_PID=""
DAEMON_PID=""
INSTALLED=""

fail() {
  echo "test-packages: FAILED: $*" >&2
  exit 1
}

step() { echo "==> $*"; }

cleanup() {
  local status=$?
  [ -n "$DAEMON_PID" ] && kill -TERM "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
  [ -n "$EMULATOR_PID" ] && kill -TERM "$EMULATOR_PID" 2>/dev/null && wait "$EMULATOR_PID" 2>/dev/null
  if [ -n "$INSTALLED" ]; then
    echo "==> purging the packages after the failure" >&2
    rm -rf /usr/lib/govsync/plugins/example*.so /usr/share/govsync/migrations.d/example
    DEBIAN_FRONTEND=noninteractive dpkg --purge govsync govsync-sdk-dev >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  return "$status"
}

# check_owner_mode PATH USER:GROUP MODE
check_owner_mode() {
  local actual
  actual=$(stat -c '%U:%G %a' "$1" 2>/dev/null) || fail "$1 does not exist"
  [ "$actual" = "$2 $3" ] || fail "$1 is $actual, expected $2 $3"
}

# db_count SQL: one number from the installed SQLite database, read as govsync.
db_count() {
  runuser -u govsync -- sqlite3 -cmd ".timeout 10000" "$DATABASE" "$1"
}

# start_emulator BUILD_DIR: the emulator with the demo scenario on a free port.
start_emulator() {
  local build_dir="$1"
  local emulator="$build_dir/tests/emulator/govsync-azure-emulator"
  if [ ! -x "$emulator" ]; then
    step "building the emulator in $build_dir"
    cmake -S "$SOURCE_DIR" -B "$build_dir" -G Ninja -DGOVSYNC_BUILD_TESTS=ON >/dev/null
    cmake --build "$build_dir" --target govsync-azure-emulator
  fi
  "$emulator" --scenario "$SOURCE_DIR/tests/emulator/scenarios/demo.json" --port 0 \
    --port-file "$WORK/emulator.port" 2>"$WORK/emulator.log" &
  EMULATOR_PID=$!
  for _ in $(seq 100); do [ -s "$WORK/emulator.port" ] && break; sleep 0.1; done
  [ -s "$WORK/emulator.port" ] || { cat "$WORK/emulator.log"; fail "the emulator did not start"; }
  EMULATOR_PORT=$(cat "$WORK/emulator.port")
  echo "    emulator on 127.0.0.1:$EMULATOR_PORT"
}

# write_emulator_drop_in FILE PORT: [azure] at the emulator, its five tenants
# (secrets in /etc/govsync/secrets, as an operator would keep them), every
# domain enabled and staggered by a second.
write_emulator_drop_in() {
  local file="$1" port="$2" t
  for t in 1 2 3 4 5; do
    install -o govsync -g govsync -m 0600 /dev/null "/etc/govsync/secrets/t$t"
    printf 'demo-secret-%s\n' "$t" >"/etc/govsync/secrets/t$t"
  done
  {
    printf '[azure]\nauthority = http://127.0.0.1:%s\nmanagement = http://127.0.0.1:%s\ngraph = http://127.0.0.1:%s\n' \
      "$port" "$port" "$port"
    printf 'max_retry_time = 5s\n\n[scheduler]\nstagger = 1s\n\n'
    for t in 1 2 3 4 5; do
      printf '[tenant.t%s]\ndirectory_id = 00000000-0000-0000-0000-00000000000%s\n' "$t" "$t"
      printf 'client_id = 11111111-1111-1111-1111-111111111111\nclient_secret_file = /etc/govsync/secrets/t%s\n\n' "$t"
    done
    for d in "${DOMAINS[@]}"; do printf '[domain.%s]\nenabled = true\n\n' "$d"; done
    printf '[domain.dmarc]\nmailbox = dmarc@{tenant}.example\ncheck_dns = false\n'
  } >"$file"
}

# wait_for_every_domain PID SECONDS: until every domain has succeeded for every
# healthy tenant and written rows, while the daemon lives.
wait_for_every_domain() {
  local pid="$1" limit="$2" started=$SECONDS i missing
  while true; do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$WORK/serve.log"; fail "govsync serve exited early"; }
    missing=""
    for i in "${!DOMAINS[@]}"; do
      local succeeded rows
      succeeded=$(db_count "SELECT COUNT(DISTINCT tenant_id) FROM sync_runs WHERE domain = '${DOMAINS[$i]}'
                            AND status = 'succeeded' AND tenant_id IN ($HEALTHY_TENANTS_SQL)" 2>/dev/null || echo 0)
      rows=$(db_count "SELECT COUNT(*) FROM ${DOMAIN_TABLES[$i]}" 2>/dev/null || echo 0)
      [ "$succeeded" -eq "${#HEALTHY_TENANTS[@]}" ] && [ "$rows" -gt 0 ] || missing+=" ${DOMAINS[$i]}"
    done
    [ -z "$missing" ] && break
    [ $((SECONDS - started)) -ge "$limit" ] && { tail -n 40 "$WORK/serve.log"; fail "after ${limit}s these domains have not synced:$missing"; }
    sleep 2
  done
  echo "    every domain synced every answering tenant in $((SECONDS - started)) s"
}

show_rows_per_domain() {
  local i
  for i in "${!DOMAINS[@]}"; do
    printf '    %-10s %-15s %6s rows\n' "${DOMAINS[$i]}" "${DOMAIN_TABLES[$i]}" "$(db_count "SELECT COUNT(*) FROM ${DOMAIN_TABLES[$i]}")"
  done
  runuser -u govsync -- sqlite3 -header -column "$DATABASE" \
    "SELECT domain, status, COUNT(*) AS runs FROM sync_runs GROUP BY domain, status ORDER BY domain, status"
}

# build_template SRC BUILD [CMAKE ARGS...]: configure and build a copy of the
# template with nothing but what find_package finds on the system.
build_template() {
  local src="$1" build="$2"
  shift 2
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "$@" >"$build.configure.log" 2>&1 \
    || { cat "$build.configure.log"; fail "configuring the template in $src failed"; }
  cmake --build "$build" >"$build.build.log" 2>&1 || { cat "$build.build.log"; fail "building the template in $src failed"; }
  echo "    built $build/example.so with GovsyncSDK from $(sed -n 's/^GovsyncSDK_DIR:[A-Z]*=//p' "$build/CMakeCache.txt")"
}

# build_for_sdk_major N WORK: the template built against a copy of the
# installed SDK whose major is N, into WORK/sdkN-build/example.so.
build_for_sdk_major() {
  local major="$1" work="$2"
  local sdk="$work/sdk$major"
  mkdir -p "$sdk/include" "$sdk/share/cmake"
  cp -r /usr/include/govsync "$sdk/include/"
  cp -r /usr/share/cmake/GovsyncSDK "$sdk/share/cmake/"
  sed -i "s/^#define GOVSYNC_SDK_VERSION_MAJOR [0-9]*/#define GOVSYNC_SDK_VERSION_MAJOR $major/" "$sdk/include/govsync/version.hpp"
  local installed
  installed=$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "$sdk/share/cmake/GovsyncSDK/GovsyncSDKConfigVersion.cmake")
  sed -i "s/\"$installed\"/\"$major.0.0\"/g" "$sdk/share/cmake/GovsyncSDK/GovsyncSDKConfigVersion.cmake"
  cp -r "$work/template" "$work/template-sdk$major"
  sed -i "s/find_package(GovsyncSDK 1 REQUIRED)/find_package(GovsyncSDK $major REQUIRED)/" "$work/template-sdk$major/CMakeLists.txt"
  build_template "$work/template-sdk$major" "$work/sdk$major-build" -DGovsyncSDK_DIR="$sdk/share/cmake/GovsyncSDK"
}
