// Enter sends the question, Shift+Enter (or Enter while an IME composes) inserts a line break.
const handlers = new WeakMap();

export function attach(root, dotnet) {
    const area = root.querySelector('textarea');
    if (!area || handlers.has(root)) return;
    const onKeyDown = event => {
        if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
        event.preventDefault();
        dotnet.invokeMethodAsync('SendFromKeyboard', area.value);
    };
    area.addEventListener('keydown', onKeyDown);
    handlers.set(root, { area, onKeyDown });
}

export function detach(root) {
    const entry = handlers.get(root);
    if (!entry) return;
    entry.area.removeEventListener('keydown', entry.onKeyDown);
    handlers.delete(root);
}
