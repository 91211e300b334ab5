"""Serves a Motion-JPEG AVI file on rtsp://127.0.0.1:PORT/cam with GStreamer's RTSP server (Debian's
gir1.2-gst-rtsp-server-1.0), as an IP camera does: for the camera tests (RtspServer.cs starts and kills it).

The frames are sent as Motion-JPEG over RTP (payload 26, RFC 2435), each re-encoded with the standard
Huffman tables that RTP/JPEG assumes (a few ms a frame at 960x540). Each client gets the video from its
start, paced by its own timestamps. With --once the server exits once the first client's video has been sent, so a camera that
reconnects finds nothing instead of the same vehicles again (as `ffmpeg -listen 1` does for the HTTP tests).
With --user and --password it asks for HTTP Basic credentials and refuses others (401).

Prints "ready" on standard output once it listens, and errors on standard error; exit code 2 when a
GStreamer part is missing (the message names the Debian package).
"""

import argparse
import os
import sys


def fail(message):
    print(message, file=sys.stderr, flush=True)
    sys.exit(2)


try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer
except (ImportError, ValueError) as e:
    fail(f"GStreamer's RTSP server is missing ({e}): apt-get install python3-gi gir1.2-gst-rtsp-server-1.0 "
         "gstreamer1.0-plugins-base gstreamer1.0-plugins-good (scripts/setup.sh)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", help="a Motion-JPEG AVI file")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mount", default="/cam")
    parser.add_argument("--once", action="store_true", help="exit after the first client's video has been sent")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    if not os.path.isfile(args.video):
        fail(f"no such video file: {args.video}")

    Gst.init(None)
    for element, package in (("filesrc", "libgstreamer1.0-0"), ("avidemux", "gstreamer1.0-plugins-good"),
                             ("jpegdec", "gstreamer1.0-plugins-good"), ("jpegenc", "gstreamer1.0-plugins-good"),
                             ("rtpjpegpay", "gstreamer1.0-plugins-good")):
        if Gst.ElementFactory.find(element) is None:
            fail(f"GStreamer element {element} is missing: apt-get install {package} (scripts/setup.sh)")

    loop = GLib.MainLoop()
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    location = args.video.replace("\\", "\\\\").replace('"', '\\"')
    # Re-encoded by libjpeg (jpegenc): RTP carries no Huffman tables (RFC 2435), so clients assume the standard
    # ones, as IP cameras use; FFmpeg's MJPEG encoder (OpenCV's writer here) writes optimised tables instead.
    factory.set_launch(f'( filesrc location="{location}" ! avidemux ! jpegdec ! jpegenc quality=90 '
                       '! rtpjpegpay name=pay0 pt=26 )')
    # One pipeline per client, so each starts at the video's first frame.
    factory.set_shared(False)
    factory.set_eos_shutdown(False)

    def on_pay_event(pad, info):
        if info.get_event().type == Gst.EventType.EOS and args.once:
            # A moment for the last packets to reach the client before the connection closes.
            GLib.timeout_add(1000, loop.quit)
        return Gst.PadProbeReturn.OK

    def on_media_configure(factory, media):
        pay = media.get_element().get_by_name("pay0")
        pay.get_static_pad("src").add_probe(Gst.PadProbeType.EVENT_DOWNSTREAM, on_pay_event)

    factory.connect("media-configure", on_media_configure)

    if args.user is not None:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "camera-user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ""), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("camera-user", "media.factory.access", True)
        permissions.add_permission_for_role("camera-user", "media.factory.construct", True)
        factory.set_permissions(permissions)

    server.get_mount_points().add_factory(args.mount, factory)
    try:
        if server.attach(None) == 0:
            fail(f"cannot listen on 127.0.0.1:{args.port}")
    except GLib.Error as e:
        fail(f"cannot listen on 127.0.0.1:{args.port}: {e.message}")
    print("ready", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
