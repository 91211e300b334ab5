// PlateWeb: the browser's IANA time zone in the plateweb.tz cookie, so that even the first server render shows
// times in it (src/PlateWeb.Web/Features/TimeZones). A zone chosen in the app bar is kept: the cookie is only
// written when it is missing. Loaded from <head>, before the page's body, on every page (sign-in included).
(function () {
    "use strict";
    var name = "plateweb.tz";
    function cookie() {
        var match = document.cookie.match(/(?:^|;\s*)plateweb\.tz=([^;]*)/);
        return match ? decodeURIComponent(match[1]) : null;
    }
    function browser() {
        try {
            return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
        } catch (e) {
            return null;
        }
    }
    if (!cookie()) {
        var zone = browser();
        if (zone) {
            document.cookie = name + "=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax"
                + (location.protocol === "https:" ? "; secure" : "");
        }
    }
    window.platewebTimeZone = { cookie: cookie, browser: browser };
})();
