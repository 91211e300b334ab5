#!/usr/bin/env bash
# Hostile requests against the built web app (issue 15): each check names the item it guards and
# fails loudly. Run by `./plateweb test` after the test projects (which build the app); on its own:
#
#   dotnet build src/PlateWeb.Web -c Release && dotnet build src/PlateWeb.Cli -c Release && tools/hostile.sh
#
# Starts the app on a free localhost port with a temporary data folder (removed at the end), no
# account and a fixed setup code, then plays the attacker and the careless client.
set -uo pipefail
cd "$(dirname "$0")/.."

web=src/PlateWeb.Web/bin/Release/net10.0/PlateWeb.Web.dll
cli=src/PlateWeb.Cli/bin/Release/net10.0/platectl.dll
for f in "$web" "$cli"; do
  [[ -f "$f" ]] || { echo "hostile: $f is missing; build the Release app and CLI first" >&2; exit 2; }
done

work="$(mktemp -d)"
data="$work/data"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
code="HOSTILE-SETUP-7Q4K"
admin="hostile-admin"
password="correct horse battery"
app=""
# No request may hang the script: every curl (and those of the `bash -c` checks) gives up after 60 s.
printf 'max-time = 60\n' >"$work/.curlrc"
export CURL_HOME="$work"
cleanup() {
  if [[ -n "$app" ]] && kill "$app" 2>/dev/null; then
    # The app has 30 s to stop on its own (ASP.NET's shutdown timeout), then it is killed.
    for _ in $(seq 1 60); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$app" 2>/dev/null
    wait "$app" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" TERM INT

passed=0
failed=0
check() { # check NAME COMMAND... : the command's success is the check's
  local name="$1"; shift
  if "$@"; then
    passed=$((passed + 1)); echo "  ok    $name"
  else
    failed=$((failed + 1)); echo "  FAIL  $name"
  fi
}

# --- the app, as a new install: no account, a setup code fixed for the script --------------------
PLATEWEB_DATA="$data" PLATEWEB_Auth__SetupCode="$code" PLATEWEB_Chat__LoadAtStart=false \
  PLATEWEB_Api__ChatPerMinute=3 ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$web" --urls "$url" >"$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 240); do curl -sf "$url/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$url/health" >/dev/null || { echo "hostile: the app did not start"; tail -40 "$work/app.log"; exit 1; }
echo "hostile: app on $url (data in a temporary folder)"

# Status, headers and body of one request: curl -s -o BODY -D HEADERS -w '%{http_code}'.
req() { curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@"; }
is_problem() { grep -qi '^content-type: application/problem+json' "$work/headers"; }
status_in() { local s="$1"; shift; for want in "$@"; do [[ "$s" == "$want" ]] && return 0; done; return 1; }
token_of() { # the antiforgery token of the page at $1, cookies in $2
  curl -s -c "$2" -b "$2" "$url$1" | python3 "$work/token.py"
}
cat >"$work/token.py" <<'PY'
import re, sys
for tag in re.findall(r"<input[^>]*>", sys.stdin.read()):
    if 'name="__RequestVerificationToken"' in tag:
        print(re.search(r'value="([^"]*)"', tag).group(1))
        break
PY

signin() { # signin USER PASSWORD JAR [ADDRESS]: then the status of /history with that jar
  local tk; tk="$(token_of /account/login "$3")"
  curl -s -o /dev/null -b "$3" -c "$3" ${4:+-H "X-Forwarded-For: $4"} --data-urlencode "__RequestVerificationToken=$tk" \
    --data-urlencode "userName=$1" --data-urlencode "password=$2" "$url/account/login"
  curl -s -o /dev/null -w '%{http_code}' -b "$3" ${4:+-H "X-Forwarded-For: $4"} "$url/history"
}

echo "First run (item 6)"
jar="$work/setup.jar"
t="$(token_of /account/setup "$jar")"
s=$(req -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "code=WRONG-CODE-0000" \
  --data-urlencode "userName=intruder" --data-urlencode "password=$password" --data-urlencode "confirm=$password" "$url/account/setup")
check "setup without the right code creates no admin" test "$(signin intruder "$password" "$work/intruder.jar")" != 200
# Two setups at once with the right code: one admin.
setups=()
for who in "$admin" "second-admin"; do
  ( j="$work/$who.jar"; tk="$(token_of /account/setup "$j")"
    curl -s -o /dev/null -b "$j" -c "$j" --data-urlencode "__RequestVerificationToken=$tk" --data-urlencode "code=$code" \
      --data-urlencode "userName=$who" --data-urlencode "password=$password" --data-urlencode "confirm=$password" "$url/account/setup" ) &
  setups+=($!)
done
wait "${setups[@]}"
a_ok=$(signin "$admin" "$password" "$work/a.jar")
b_ok=$(signin second-admin "$password" "$work/b.jar")
check "two simultaneous setups create exactly one admin" test "$(( (a_ok == 200) + (b_ok == 200) ))" -eq 1
if [[ "$b_ok" == 200 ]]; then admin="second-admin"; cp "$work/b.jar" "$work/a.jar"; fi
cookie="$work/a.jar"

echo "Security headers, health, OpenAPI (item 10)"
s=$(req "$url/account/login")
check "Content-Security-Policy on a page" grep -qi '^content-security-policy: .*frame-ancestors' "$work/headers"
check "X-Content-Type-Options: nosniff" grep -qi '^x-content-type-options: nosniff' "$work/headers"
s=$(req "$url/health")
check "anonymous /health names no path and no count" bash -c "! grep -Eq '/|[0-9]{2,}' '$work/body'"
s=$(req "$url/openapi/v1.json")
check "anonymous /openapi/v1.json refused" status_in "$s" 401 302 403

echo "API keys and scopes (item 12)"
reader_key="$(PLATEWEB_DATA="$data" dotnet "$cli" keys --data "$data" create hostile-reader --scopes read 2>/dev/null | tail -1)"
full_key="$(PLATEWEB_DATA="$data" dotnet "$cli" keys --data "$data" create hostile-full --scopes read,upload,delete,chat 2>/dev/null | tail -1)"
check "platectl keys create --scopes gives keys" test -n "$reader_key" -a -n "$full_key"

echo "Search and numbers (items 2, 4)"
long="$(python3 -c 'print("A"*3000)')"
s=$(req -H "X-Api-Key: $full_key" "$url/api/reads?q=$long")
check "3 000-character search: 400 problem, server alive" bash -c "[[ $s == 400 ]] && curl -sf '$url/health' >/dev/null"
s=$(req -H "X-Api-Key: $full_key" "$url/api/reads?minConfidence=NaN")
check "minConfidence=NaN: 400 problem" bash -c "[[ $s == 400 ]]" && check "  …as problem+json" is_problem

echo "Uploads (items 3, 4)"
python3 - "$work" <<'PY'
import struct, sys, os
w = sys.argv[1]
# A TIFF whose first IFD says 30000 x 30000 (little-endian, uncompressed strips of zeros are not even present).
entries = [(256, 4, 1, 30000), (257, 4, 1, 30000), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, 30000), (279, 4, 1, 900000000)]
ifd = struct.pack('<H', len(entries)) + b''.join(struct.pack('<HHII', t, typ, n, v) for t, typ, n, v in entries) + struct.pack('<I', 0)
open(os.path.join(w, 'bomb.tif'), 'wb').write(b'II*\x00' + struct.pack('<I', 8) + ifd + b'\x00' * 4096)
# A JPEG with a stray FF 00 before a frame header of 40000 x 40000.
sof = b'\xff\xc0' + struct.pack('>HBHHB', 17, 8, 40000, 40000, 3) + b'\x01\x11\x00\x02\x11\x00\x03\x11\x00'
open(os.path.join(w, 'bomb.jpg'), 'wb').write(b'\xff\xd8\xff\x00' + sof + b'\x00' * 4096 + b'\xff\xd9')
open(os.path.join(w, 'big.jpg'), 'wb').write(b'\xff\xd8' + os.urandom(30 * 1024 * 1024))
open(os.path.join(w, 'AB123CD.jpg'), 'wb').write(b'\xff\xd8' + b'\x00' * 100)
with open(os.path.join(w, 'fields.txt'), 'w') as f:
    f.write('&'.join(f'f{i}=1' for i in range(1100)))
PY
for bomb in bomb.tif bomb.jpg; do
  s=$(req -H "X-Api-Key: $full_key" -F "image=@$work/$bomb" "$url/api/reads")
  check "$bomb refused with a 4xx problem" bash -c "[[ $s == 4* ]]"
done
s=$(req -H "X-Api-Key: $full_key" -F "image=@$work/big.jpg" "$url/api/reads")
check "30 MB upload: 413 problem" bash -c "[[ $s == 413 ]]" && check "  …as problem+json" is_problem
s=$(req -H "X-Api-Key: $full_key" -H 'Content-Type: multipart/form-data; boundary=xyz' --data-binary $'--xyz\r\nbroken' "$url/api/reads")
check "malformed multipart: 400 problem" bash -c "[[ $s == 400 ]]" && check "  …as problem+json" is_problem
s=$(req -H "X-Api-Key: $full_key" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$work/fields.txt" "$url/api/reads")
check "more than 1 024 form fields: 4xx problem" bash -c "[[ $s == 4* ]]" && check "  …as problem+json" is_problem
s=$(req -H "X-Api-Key: $reader_key" -F "image=@$work/AB123CD.jpg" "$url/api/reads")
check "a read-only key cannot upload (403)" test "$s" = 403
s=$(req -H "X-Api-Key: $full_key" -F "image=@$work/AB123CD.jpg" "$url/api/reads")
check "a corrupt picture: 400 problem" bash -c "[[ $s == 400 ]]"
s=$(req -X DELETE -H "X-Api-Key: $reader_key" "$url/api/reads/1")
check "a key without delete cannot delete (403)" test "$s" = 403

echo "Sign-in (items 7, 8, 10)"
# The attacker's address and the admin's come through the proxy on this machine (X-Forwarded-For from loopback is believed).
for i in $(seq 1 6); do signin "$admin" "wrong password $i" "$work/att.jar" 203.0.113.66 >/dev/null; done
check "  (the attacker's address is paused, even with the right password)" test "$(signin "$admin" "$password" "$work/att.jar" 203.0.113.66)" != 200
s=$(signin "$admin" "$password" "$work/c.jar" 198.51.100.20)
check "wrong passwords from one address do not lock the admin out elsewhere" test "$s" = 200
s=$(req -b "$cookie" -X POST "$url/account/logout")
check "logout without antiforgery refused" status_in "$s" 400 403
s=$(curl -s -o /dev/null -w '%{http_code}' -b "$cookie" "$url/history")
check "  …and the session still works" test "$s" = 200
cp "$cookie" "$work/copied.jar"
t="$(token_of /history "$cookie")"
curl -s -o /dev/null -b "$cookie" -c "$cookie" --data-urlencode "__RequestVerificationToken=$t" "$url/account/logout"
s=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/copied.jar" "$url/history")
check "a copied cookie stops working after sign-out" test "$s" != 200

echo "Chat (item 5)"
last=""
for i in 1 2 3 4; do
  last=$(req -H "X-Api-Key: $full_key" -H 'Content-Type: application/json' -d '{"question":"How many plates today?"}' "$url/api/chat")
done
check "the 4th question in a minute (Api:ChatPerMinute 3): 429 with Retry-After" bash -c "[[ $last == 429 ]] && grep -qi '^retry-after:' '$work/headers'"

echo "Files and logs (items 11, 14)"
check "data folder 0700" test "$(stat -c %a "$data")" = 700
db="$(ls "$data"/*.db 2>/dev/null | head -1)"
check "database file 0600" test -n "$db" -a "$(stat -c %a "${db:-/nonexistent}" 2>/dev/null)" = 600
check "no original file name (a plate) in the log" bash -c "! grep -q 'AB123CD.jpg' '$work/app.log'"
check "the server is alive after all of it" curl -sf "$url/health" -o /dev/null

echo "hostile: $passed passed, $failed failed"
if (( failed > 0 )); then
  echo "--- last lines of the app's log:"; tail -30 "$work/app.log"
  exit 1
fi
