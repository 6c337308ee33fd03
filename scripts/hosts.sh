#!/usr/bin/env bash
# hosts.sh - two or three "machines" on this one: network namespaces with
# addresses of their own, joined by veth pairs to a bridge in a namespace
# of its own, so that the mpi mode runs over real TCP between hosts with
# Open MPI's own launcher. Needs root and ip(8) (iproute2).
#
#   scripts/hosts.sh run N CMD...   build N hosts (2 or 3), run CMD on host 1
#                                   with Open MPI set up for them, tear down
#   scripts/hosts.sh up N           build them and print the settings
#   scripts/hosts.sh down           remove every namespace of ours
#   scripts/hosts.sh check          exit 1, listing them, if any is left
#   scripts/hosts.sh on K CMD...    run CMD on host K (as the tests do)
#
# Host k is namespace $PREFIX-k with address 10.231.17.k/24 on its eth0,
# and the same name as its hostname (a UTS namespace of its own for each
# process started there, so that MPI_Get_processor_name tells the hosts
# apart). The bridge is in
# namespace $PREFIX-sw. The namespaces have no route anywhere else: nothing
# leaves them but to each other (and no IPv6, whose link-local chatter
# would), and the root namespace is not touched (no interface, no
# address, no /etc/hosts line).
#
# Open MPI finds the hosts through OMPI_MCA_* variables, so bin/bench runs
# unchanged (`run` exports them, `up` prints them):
#   plm_rsh_agent        $DIR/agent: runs the orted command on the host
#                        named by its address, as ssh would (ip netns exec)
#   btl tcp,self, btl_tcp_if_include / oob_tcp_if_include 10.231.17.0/24
#   plm_rsh_no_tree_spawn 1: mpirun starts every daemon itself
#   orte_tmpdir_base     $DIR/tmp: the session folders go with $DIR
# and $DIR/hostfile lists the hosts by address, 2 slots each.
#
# Clean-up: `run` removes everything on exit, Ctrl-C or SIGTERM (a trap),
# killing whatever is still running in the namespaces first; `down` does
# the same for a run that was killed outright.
set -euo pipefail
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8

PREFIX=${GB_HOSTS_PREFIX:-gbh}
DIR=${GB_HOSTS_DIR:-${TMPDIR:-/tmp}/gilbench-hosts-$PREFIX}
NET=10.231.17
SLOTS=${GB_HOSTS_SLOTS:-2}

die() { echo "hosts.sh: $*" >&2; exit 2; }

need() {
	[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces)"
	command -v ip >/dev/null || die "needs ip (apt-get install iproute2)"
	command -v unshare >/dev/null && command -v setpriv >/dev/null ||
		die "needs unshare and setpriv (util-linux)"
}

# Our namespaces, one a line.
ours() {
	ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$PREFIX-(sw|[0-9]+)\$" || true
}

down() {
	local ns pids
	for ns in $(ours); do
		# Whatever still runs there (a daemon cut off by a link that
		# went down) goes first, or the namespace would outlive its name.
		pids=$(ip netns pids "$ns" 2>/dev/null || true)
		[ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
	done
	for ns in $(ours); do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
			sleep 0.1
		done
		# Deleting a node's namespace removes its veth and the peer.
		ip netns delete "$ns" 2>/dev/null || true
	done
	rm -rf "$DIR"
}

check() {
	local left
	left=$(ours)
	if [ -n "$left" ]; then
		echo "hosts.sh: namespaces left: $(echo $left)" >&2
		return 1
	fi
	[ ! -e "$DIR" ] || { echo "hosts.sh: $DIR left" >&2; return 1; }
	# Open MPI's session folders, named after the hosts, are made in
	# $DIR/tmp (orte_tmpdir_base), which goes with $DIR: a daemon killed
	# with its host leaves none in the machine's own /tmp.
	left=$(ls -d "${TMPDIR:-/tmp}/ompi.$PREFIX-"* 2>/dev/null || true)
	[ -z "$left" ] || { echo "hosts.sh: Open MPI's folders left: $(echo $left)" >&2; return 1; }
}

# No IPv6 in namespace $1: a link coming up would otherwise send router
# solicitations and multicast reports from its link-local address.
no_ipv6() {
	ip netns exec "$1" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 &&
		echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null || true
}

up() {
	local n=$1 k
	case $n in 2|3) ;; *) die "'$n' hosts: give 2 or 3" ;; esac
	down	# a run killed outright may have left some
	mkdir -p "$DIR/tmp"
	ip netns add "$PREFIX-sw"
	no_ipv6 "$PREFIX-sw"
	ip -n "$PREFIX-sw" link add br0 type bridge
	ip -n "$PREFIX-sw" link set br0 up
	for k in $(seq "$n"); do
		ip netns add "$PREFIX-$k"
		no_ipv6 "$PREFIX-$k"
		# Both ends are made where they live: nothing in the root
		# namespace, even for a moment.
		ip -n "$PREFIX-sw" link add "h$k" type veth peer name eth0 \
			netns "$PREFIX-$k"
		ip -n "$PREFIX-sw" link set "h$k" master br0 up
		ip -n "$PREFIX-$k" addr add "$NET.$k/24" dev eth0
		ip -n "$PREFIX-$k" link set lo up
		ip -n "$PREFIX-$k" link set eth0 up
	done
	write_agent "$n"
	for k in $(seq "$n"); do
		echo "$NET.$k slots=$SLOTS	# host $PREFIX-$k"
	done > "$DIR/hostfile"
	cat > "$DIR/env" <<EOF
export OMPI_MCA_plm_rsh_agent=$DIR/agent
export OMPI_MCA_plm_rsh_no_tree_spawn=1
export OMPI_MCA_btl=tcp,self
export OMPI_MCA_btl_tcp_if_include=$NET.0/24
export OMPI_MCA_oob_tcp_if_include=$NET.0/24
export OMPI_MCA_orte_tmpdir_base=$DIR/tmp
EOF
	# Every host reaches every other before anything uses them: a TCP
	# connect to port 1, where nothing listens, is refused at once when
	# the peer is there and times out when it is not.
	for k in $(seq "$n"); do
		for j in $(seq "$n"); do
			{ ip netns exec "$PREFIX-$k" timeout 3 bash -c \
				"exec 3<>/dev/tcp/$NET.$j/1" 2>&1 || true; } |
				grep -q refused ||
				die "host $k cannot reach $NET.$j"
		done
	done
}

# The rsh agent: Open MPI runs it as ssh, `agent [ssh options] HOST
# COMMAND...`, COMMAND being words for a remote shell. It runs them with
# bash in the host's namespace, under the host's name. The daemon (orted)
# is not let go into the background (--daemonize dropped): bash runs it,
# the last command, in bash's own process, which dies with mpirun
# (--pdeathsig), even when the host's link is down and mpirun's goodbye
# cannot reach it; its ranks die with it.
write_agent() {
	local n=$1 k
	{
		echo '#!/bin/bash'
		echo "# Open MPI's rsh agent for the hosts of scripts/hosts.sh (prefix $PREFIX)."
		echo 'while [ $# -gt 0 ]; do'
		echo '	case $1 in -o|-l|-p|-i|-F) shift 2 ;; -*) shift ;; *) break ;; esac'
		echo 'done'
		echo 'host=$1; shift'
		echo 'case $host in'
		for k in $(seq "$n"); do
			echo "$NET.$k|$PREFIX-$k) ns=$PREFIX-$k ;;"
		done
		echo '*) echo "agent: $host is none of our hosts" >&2; exit 255 ;;'
		echo 'esac'
		echo 'cmd=" $* "'
		echo 'cmd=${cmd// --daemonize / }'
		echo 'exec ip netns exec "$ns" unshare --uts setpriv --pdeathsig KILL \'
		echo '	bash -c "hostname $ns; $cmd"'
	} > "$DIR/agent"
	chmod 755 "$DIR/agent"
}

# on K CMD...: CMD on host K, under its name, with the settings.
on() {
	local k=$1
	shift
	[ -d "$DIR" ] || die "no hosts: run 'hosts.sh up N' first"
	# shellcheck disable=SC1091
	. "$DIR/env"
	exec ip netns exec "$PREFIX-$k" unshare --uts \
		bash -c 'hostname "$0"; exec "$@"' "$PREFIX-$k" "$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
up)
	need
	# Half-built hosts are removed.
	trap 'down' EXIT
	up "${1:-3}"
	trap - EXIT
	echo "hosts: $(ours | tr '\n' ' ')"
	echo "hostfile: $DIR/hostfile"
	echo "settings: . $DIR/env (then run bin/bench on host 1: hosts.sh on 1 CMD)"
	;;
down) need; down ;;
check) check ;;
on) need; [ $# -ge 2 ] || die "usage: hosts.sh on K CMD..."; on "$@" ;;
run)
	need
	[ $# -ge 2 ] || die "usage: hosts.sh run N CMD..."
	n=$1
	shift
	trap 'down' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	up "$n"
	# Not exec: the trap must run when CMD ends.
	status=0
	( on 1 "$@" ) || status=$?
	exit "$status"
	;;
*)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	[ "$cmd" = help ] || [ "$cmd" = --help ] || exit 2
	;;
esac
