// The reconnect dialog's behaviour: blazor.web.js reports each state of a lost circuit as an event on the dialog;
// the dialog's class says which lines and buttons show.
const dialog = document.getElementById("components-reconnect-modal");
const states = ["show", "retrying", "failed", "paused", "resume-failed"];

function show(state) {
    for (const s of states) dialog.classList.remove(`reconnect-${s}`);
    dialog.classList.add(`reconnect-${state === "resume-failed" ? "failed" : state}`);
    if (!dialog.open) dialog.showModal();
}

dialog.addEventListener("components-reconnect-state-changed", event => {
    const detail = event.detail;
    switch (detail.state) {
        case "hide":
            dialog.close();
            break;
        case "rejected":
            // The server no longer holds this page: a fresh one is the only way on.
            location.reload();
            break;
        case "retrying":
            document.getElementById("reconnect-seconds").textContent = String(detail.secondsToNextAttempt ?? 0);
            show("retrying");
            break;
        case "failed":
            document.addEventListener("visibilitychange", retryWhenVisible);
            show("failed");
            break;
        default:
            show(detail.state);
    }
});

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        // true: rejoined; false: the server answered but has no such circuit any more.
        if (!await Blazor.reconnect()) location.reload();
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) location.reload();
    } catch {
        show("failed");
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") await retry();
}

document.getElementById("reconnect-retry").addEventListener("click", retry);
document.getElementById("reconnect-resume").addEventListener("click", resume);
