# Sourced by scripts/natlab: restricted egress (docs/natlab.md, "Restricted egress"), what a
# lab router lets out of its LAN besides SIP, as nftables rules and as `check` measures it.
# Uses the caller's SIP_PORTS, PUB1 and P (the lab's namespace prefix).

# What a router lets out of its LAN besides SIP (docs/natlab.md, "Restricted egress"): nothing is
# dropped when open; block-udp drops every other UDP packet both ways, as a firewall that allows
# only TCP; tcp443-only drops everything but TCP to port 443 (a network that lets out HTTPS alone).
egress_rules() { # egress
    local sip="udp sport $SIP_PORTS udp dport $SIP_PORTS accept"
    case "$1" in
        open) ;;
        block-udp) echo "iifname \"lan\" oifname \"wan\" $sip"
                   echo 'iifname "lan" oifname "wan" meta l4proto udp drop'
                   echo "iifname \"wan\" oifname \"lan\" $sip"
                   echo 'iifname "wan" oifname "lan" meta l4proto udp drop' ;;
        tcp443-only) echo "iifname \"lan\" oifname \"wan\" $sip"
                     echo 'iifname "lan" oifname "wan" tcp dport 443 accept'
                     echo 'iifname "lan" oifname "wan" drop'
                     echo "iifname \"wan\" oifname \"lan\" $sip"
                     echo 'iifname "wan" oifname "lan" meta l4proto != tcp drop' ;;
    esac
}

# Whether TCP to coturn's port $2 connects from LAN host $1 within 1 s: yes or no.
tcp_reaches() {
    timeout 1 ip netns exec "${P}$1" bash -c "exec 3<>/dev/tcp/$PUB1/$2" 2>/dev/null && echo yes || echo no
}

# The egress a LAN measures, from its probe's RESULT line $2 (UDP) and two TCP connections.
egress_measured() { # side probe_result
    local udp=yes
    grep -q 'reason=no_stun_response' <<<"$2" && udp=no
    case "$udp $(tcp_reaches "$1" 3478) $(tcp_reaches "$1" 443)" in
        "yes yes yes") echo open ;;
        "no yes yes") echo block-udp ;;
        "no no yes") echo tcp443-only ;;
        *) echo "udp=$udp tcp3478=$(tcp_reaches "$1" 3478) tcp443=$(tcp_reaches "$1" 443)" ;;
    esac
}

egress_what() {
    case "$1" in
        block-udp) echo "no STUN answer over UDP, TCP 3478 and 443 reach coturn" ;;
        tcp443-only) echo "no STUN answer over UDP, TCP 3478 blocked, TCP 443 reaches coturn" ;;
    esac
}
