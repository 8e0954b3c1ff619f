// <cs-echart>: draws an Apache ECharts option object (set as JSON text or an object on the `option` property)
// and follows its own size and the page's light or dark theme. Only the chart types and components the studio uses
// are bundled.
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, HeatmapChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, FunnelChart, HeatmapChart, LineChart, PieChart, SankeyChart, DatasetComponent, GridComponent,
  LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer]);

const charts = new Set();

function darkPage() {
  return (document.documentElement.getAttribute('theme') || '').includes('dark');
}

// One observer for the page: a theme switch redraws every chart in the new colours.
new MutationObserver(() => charts.forEach((chart) => chart._retheme())).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['theme'],
});

class ClickstreamEChart extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <style>
        :host { display: block; position: relative; min-height: 120px; }
        .plot { position: absolute; inset: 0; }
      </style>
      <div class="plot" part="plot" role="img"></div>`;
    this._plot = root.querySelector('.plot');
    this._option = null;
    this._dark = false;
    this.chart = null;
    // Vaadin may set the property before this class is defined; move that value behind the setter.
    if (Object.prototype.hasOwnProperty.call(this, 'option')) {
      const early = this.option;
      delete this.option;
      this.option = early;
    }
  }

  set option(value) {
    this._option = typeof value === 'string' ? (value ? JSON.parse(value) : null) : value;
    this._draw();
  }

  get option() {
    return this._option;
  }

  connectedCallback() {
    this._init();
    this._resizeObserver = new ResizeObserver(() => this.chart && this.chart.resize());
    this._resizeObserver.observe(this);
    charts.add(this);
    this._draw();
  }

  disconnectedCallback() {
    charts.delete(this);
    if (this._resizeObserver) {
      this._resizeObserver.disconnect();
      this._resizeObserver = null;
    }
    this._dispose();
  }

  _init() {
    if (this.chart) {
      return;
    }
    this._dark = darkPage();
    this.chart = echarts.init(this._plot, this._dark ? 'dark' : null, { renderer: 'canvas' });
    // `rendered` tells tests and users of the element that the last option is on the canvas.
    this.chart.on('finished', () => this.setAttribute('rendered', ''));
  }

  _dispose() {
    if (this.chart) {
      this.chart.dispose();
      this.chart = null;
    }
    this.removeAttribute('rendered');
  }

  _retheme() {
    if (this.chart && this._dark !== darkPage()) {
      this._dispose();
      this._init();
      this._draw();
    }
  }

  _draw() {
    if (!this.chart || !this._option) {
      return;
    }
    this.removeAttribute('rendered');
    const style = getComputedStyle(this);
    const option = {
      backgroundColor: 'transparent',
      textStyle: { fontFamily: style.fontFamily },
      ...this._option,
    };
    const label = this.getAttribute('aria-label');
    if (label) {
      this._plot.setAttribute('aria-label', label);
    }
    this.chart.setOption(option, { notMerge: true });
  }
}

if (!customElements.get('cs-echart')) {
  customElements.define('cs-echart', ClickstreamEChart);
}
