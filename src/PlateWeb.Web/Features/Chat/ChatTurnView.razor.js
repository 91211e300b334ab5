// Copies an answer's text (its Markdown source) to the clipboard; false when the browser refuses
// (no secure context, permission denied) so the page can say so.
export async function copyText(text) {
    if (!navigator.clipboard) return false;
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}
