// GET /sessions/batch of the benchmark's fake runtime-api (nginx njs): every asked session has a running runtime
// whose id is derived from the session, as POST /start makes it ("rt-" + session id), except the sessions that
// contain $absent_sessions (when set): those have no runtime. Answers after $latency_ms, like the echo locations.
function batch(r) {
    var ids = r.args.ids;
    if (ids === undefined) {
        ids = [];
    } else if (!Array.isArray(ids)) {
        ids = [ids];
    }
    var absent = r.variables.absent_sessions;
    var listen = r.variables.fake_listen;
    var found = [];
    for (var i = 0; i < ids.length; i++) {
        var session = decodeURIComponent(ids[i]);
        if (absent && session.indexOf(absent) >= 0) {
            continue;
        }
        var id = 'rt-' + session;
        found.push({runtime_id: id, session_id: session, url: 'http://' + listen + '/agent/' + id,
            session_api_key: 'k-' + id, status: 'running', pod_status: 'ready', image: 'bench',
            restart_count: 0, restart_reasons: []});
    }
    var body = JSON.stringify(found);
    setTimeout(function () {
        r.headersOut['Content-Type'] = 'application/json';
        r.return(200, body);
    }, Number(r.variables.latency_ms));
}

export default {batch};
