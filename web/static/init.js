// Start the NHS.UK components (error summary focus, details, header); pages work without this.
import { initAll } from './nhsuk/nhsuk-frontend.min.js'

initAll()
