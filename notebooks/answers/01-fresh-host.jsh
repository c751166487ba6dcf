// Reference answers for notebooks/01-fresh-host.ipynb's prediction cells (see 05-following-packets.jsh).
// Taken from the real counters of lab/recorded/legacy/ping-paths (after.rules less before.rules).
//// ping-policies
// (a) the peer's echo request in, the host's reply out; (b) the host's request out, the container's reply in;
// (c) is forwarded: it never meets INPUT or OUTPUT
predict("filter INPUT policy", 2);
predict("filter OUTPUT policy", 2);
