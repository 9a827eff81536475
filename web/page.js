// Embeds the rasa-webchat widget, connected to the Rasa server's socket.io channel.
// The Rasa server is on port 5005 of the same host unless ?rasa=<url> says otherwise.
// ${hotline} / ${hotlines}: the hotline numbers, filled in by bot/channels/webpage.py from knowledge/hotline.yml.
(function () {
  var params = new URLSearchParams(window.location.search);
  var socketUrl = params.get("rasa") || window.location.protocol + "//" + window.location.hostname + ":5005";
  var status = document.getElementById("status");
  var connected = false;

  function say(text) { status.textContent = text; status.hidden = !text; }
  function unreachable() {
    if (!connected) say("客服机器人暂时连接不上，请稍后刷新重试，或直接拨打人工热线 ${hotlines}。");
  }

  if (!window.WebChat) {
    say("在线客服组件没有加载成功，请运行 make setup 后刷新；也可以直接拨打 ${hotline}。");
    return;
  }
  window.WebChat.default({
    socketUrl: socketUrl,
    socketPath: "/socket.io/",
    customData: { language: "zh" },
    initPayload: "/greet",
    title: "海信客服小海",
    subtitle: "故障排查 · 报修 · 工单查询",
    inputTextFieldHint: "请描述您遇到的问题…",
    connectingText: "正在连接…",
    embedded: true,
    showFullScreenButton: false,
    params: { storage: "local" },
    onSocketEvent: {
      connect: function () { connected = true; say(""); },
      connect_error: function () { connected = false; unreachable(); },
      disconnect: function () { connected = false; unreachable(); }
    }
  }, document.getElementById("chat"));
  setTimeout(unreachable, 6000);
})();
