// Start the NHS.UK components (error summary focus, details, header); pages work without this.
import { initAll } from './nhsuk/nhsuk-frontend.min.js'

initAll()

// A link to a folded part of the page (a defined word, "all risks") opens the fold it points into.
function openTarget () {
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1))
  for (let d = target && target.closest('details'); d; d = d.parentElement.closest('details')) d.open = true
}
window.addEventListener('hashchange', openTarget)
openTarget()
