// Entry point at the path `npm start` runs (dist/apps/api/main.js); the application lives in ./src.
import './src/main';
