// Forms with data-confirm ask in a dialog; "OK" sends the form with confirmed=1 (no confirmation page).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset ? form.dataset.confirm : null;
  if (!question || form.querySelector("input[name=confirmed]")) return;
  if (!window.confirm(question)) { event.preventDefault(); return; }
  const input = document.createElement("input");
  input.type = "hidden"; input.name = "confirmed"; input.value = "1";
  form.appendChild(input);
});
