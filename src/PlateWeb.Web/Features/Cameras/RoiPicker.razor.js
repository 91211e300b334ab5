// Draws the region of interest with a pointer: press, drag, release. The rectangle follows the pointer here, in the
// browser; .NET gets the finished one (percent of the frame) once, through RoiDrawn.
const drags = new WeakMap();

function percent(svg, event) {
    const box = svg.getBoundingClientRect();
    const clamp = v => Math.min(100, Math.max(0, v));
    return {
        x: clamp((event.clientX - box.left) / box.width * 100),
        y: clamp((event.clientY - box.top) / box.height * 100),
    };
}

export function attach(svg, dotnet) {
    if (!svg || drags.has(svg)) return;
    const rect = svg.querySelector('.roi-picker-rect');
    let start = null;
    const shape = (a, b) => ({
        x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y),
    });
    const show = r => {
        rect.setAttribute('x', r.x); rect.setAttribute('y', r.y);
        rect.setAttribute('width', r.width); rect.setAttribute('height', r.height);
    };
    const down = event => {
        if (event.button !== 0) return;
        start = percent(svg, event);
        svg.setPointerCapture(event.pointerId);
        event.preventDefault();
    };
    const move = event => {
        if (!start) return;
        show(shape(start, percent(svg, event)));
    };
    const up = event => {
        if (!start) return;
        const r = shape(start, percent(svg, event));
        start = null;
        svg.releasePointerCapture(event.pointerId);
        // A click without a drag draws nothing: the region stays as it was.
        if (r.width < 1 || r.height < 1) return;
        dotnet.invokeMethodAsync('RoiDrawn', r.x, r.y, r.width, r.height);
    };
    svg.addEventListener('pointerdown', down);
    svg.addEventListener('pointermove', move);
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', () => { start = null; });
    drags.set(svg, { down, move, up });
}

export function detach(svg) {
    const entry = drags.get(svg);
    if (!entry) return;
    svg.removeEventListener('pointerdown', entry.down);
    svg.removeEventListener('pointermove', entry.move);
    svg.removeEventListener('pointerup', entry.up);
    drags.delete(svg);
}
