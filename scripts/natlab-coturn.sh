# Sourced by scripts/natlab: the lab's coturn (docs/natlab.md, "Topology"), its configuration and
# start. Uses the caller's STATE, P, PUB1, PUB2, PUB_OTHER, turn_cert, turn_key and turn_redirect.

# coturn listens on UDP and TCP 3478 on both addresses (no no-udp/no-tcp: both are on by default;
# RFC 5780 alternate 3479 too), and on UDP and TCP 443 of the primary address for the tcp443-only
# routers (an auxiliary server: full TURN, no RFC 5780). With --turn-cert/--turn-key (copied into
# the state dir) it also serves TLS (RFC 8656 §3.1, turns: RFC 7065): on 5349 of both addresses,
# and on 443, where coturn tells TLS from plain TCP by the first bytes; without them, no TLS.
tls_lines() {
    if [ -z "$turn_cert" ]; then echo no-tls; return; fi
    install -m 600 "$turn_cert" "$STATE/turn-cert.pem"
    install -m 600 "$turn_key" "$STATE/turn-key.pem"
    printf '%s\n' tls-listening-port=5349 "cert=$STATE/turn-cert.pem" "pkey=$STATE/turn-key.pem"
}

# What every coturn of the lab has: the realm, the users, no DTLS, a log on stdout.
common_lines() { # name
    cat <<EOF
realm=natlab.test
lt-cred-mech
user=alice:alicepw
user=bob:bobpw
userdb=$STATE/$1.db
fingerprint
no-software-attribute
no-dtls
no-cli
no-multicast-peers
log-file=stdout
simple-log
pidfile=$STATE/$1.pid
EOF
}

# Starts coturn NAME with the configuration on stdin, in the pub namespace; waits until it serves.
run_coturn() { # name
    cat >"$STATE/$1.conf"
    setsid ip netns exec "${P}pub" turnserver -c "$STATE/$1.conf" >"$STATE/$1.log" 2>&1 </dev/null &
    for _ in $(seq 1 100); do
        grep -q "Total General servers" "$STATE/$1.log" 2>/dev/null && return 0
        sleep 0.05
    done
    die "coturn $1 did not start: $(tail -5 "$STATE/$1.log")"
}

start_coturn() {
    { printf '%s\n' "listening-ip=$PUB1" "listening-ip=$PUB2" listening-port=3478 "aux-server=$PUB1:443" \
        "relay-ip=$PUB1" min-port=49152 max-port=65535
      tls_lines; common_lines turnserver; } | run_coturn turnserver
    [ "$turn_redirect" = 1 ] && start_redirector
    return 0
}

# With --turn-redirect, a second coturn on $PUB_OTHER:3478 (UDP and TCP) that allocates nothing:
# it answers every Allocate 300 Try Alternate naming the lab's coturn, $PUB1:3478 (RFC 8656 §7.2,
# ALTERNATE-SERVER RFC 8489 §10), as a coturn cluster's front spreads its load.
start_redirector() {
    { printf '%s\n' "listening-ip=$PUB_OTHER" listening-port=3478 "relay-ip=$PUB_OTHER" no-tls \
        "alternate-server=$PUB1:3478"
      common_lines redirector; } | run_coturn redirector
}
