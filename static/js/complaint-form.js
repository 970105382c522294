// Suggests conduct categories while the complainant types, and ticks them on request.
(function () {
  const form = document.getElementById("complaint-form");
  if (!form) return;
  const narrative = form.querySelector("[name=narrative]");
  const box = document.getElementById("suggestions");
  const list = document.getElementById("suggested");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  let timer = null;
  function labelOf(code) {
    const input = form.querySelector(`[name=categories][value="${code}"]`);
    return input ? input.parentElement.textContent.trim() : code;
  }
  async function suggest() {
    const response = await fetch(form.dataset.categoriseUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ narrative: narrative.value }),
    });
    if (!response.ok) return;
    const { suggested } = await response.json();
    list.replaceChildren();
    suggested.forEach((code) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion";
      button.dataset.code = code;
      button.textContent = labelOf(code);  // textContent: never markup
      button.addEventListener("click", () => {
        const input = form.querySelector(`[name=categories][value="${code}"]`);
        if (input) input.checked = true;
      });
      list.append(button, " ");
    });
    box.hidden = suggested.length === 0;
  }
  narrative.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 400);
  });
})();
