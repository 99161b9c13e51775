import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
  Tooltip,
} from 'chart.js';

let registered = false;

/**
 * Registers the Chart.js pieces the demo draws with (line and bar charts),
 * once. Chart.js is tree-shakeable: only what is registered is bundled.
 */
export function registerChartParts(): void {
  if (registered) return;
  Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Title, Tooltip);
  registered = true;
}
