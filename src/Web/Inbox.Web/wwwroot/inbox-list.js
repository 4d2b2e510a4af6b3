// The inbox list re-orders itself on live events (Components/Workspace/InboxRows.cs): rows arrive, leave and move, some of
// them above what the agent is looking at. This keeps the rows in view where they were on screen. It remembers where the
// visible rows sit as the agent scrolls, and after the list changes it scrolls by how far most of them moved: a row that
// itself moved away is the odd one out and is not followed. At the very top nothing is held, so the agent sees what arrives;
// there a change reads no layout at all (where the list is is known from its scroll events), so a busy list costs the browser
// one layout per frame, not one per change.
(() => {
    let seen = new Map();
    let atTop = true;

    const list = () => document.querySelector('.inbox-list');

    // The list scrolls on its own on a desktop, with the page on a phone.
    const ownScroll = el => el.scrollHeight > el.clientHeight && getComputedStyle(el).overflowY !== 'visible';

    function view(el) {
        if (ownScroll(el)) {
            const box = el.getBoundingClientRect();
            return { top: box.top, bottom: box.bottom, atTop: el.scrollTop === 0, by: d => { el.scrollTop += d; } };
        }
        return { top: 0, bottom: window.innerHeight, atTop: window.scrollY === 0, by: d => window.scrollBy(0, d) };
    }

    function remember() {
        const el = list();
        seen = new Map();
        atTop = true;
        if (!el) return;
        const v = view(el);
        atTop = v.atTop;
        if (atTop) return;
        for (const row of el.querySelectorAll('#conversations [data-conversation]')) {
            const box = row.getBoundingClientRect();
            if (box.bottom > v.top && box.top < v.bottom) seen.set(row.dataset.conversation, box.top);
        }
    }

    function hold() {
        const el = list();
        if (!el || atTop) return;
        const v = view(el);
        const moved = [];
        if (!v.atTop) {
            for (const [id, top] of seen) {
                const row = el.querySelector(`#conversations [data-conversation="${CSS.escape(id)}"]`);
                if (row) moved.push(row.getBoundingClientRect().top - top);
            }
        }
        if (moved.length > 0) {
            moved.sort((a, b) => a - b);
            const shift = moved[Math.floor(moved.length / 2)];
            if (Math.abs(shift) >= 1) v.by(shift);
        }
        remember();
    }

    document.addEventListener('scroll', remember, { capture: true, passive: true });
    window.addEventListener('resize', remember);
    new MutationObserver(changes => {
        if (changes.some(c => c.target instanceof Element && c.target.closest('#conversations'))) hold();
    }).observe(document.documentElement, { childList: true, subtree: true });
})();
